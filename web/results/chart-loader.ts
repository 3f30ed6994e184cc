/**
 * Chart.js, loaded on first use (it is only needed on the results page) with just the parts the results
 * charts draw: bars, pies, category and linear axes, tooltips and legends.
 *
 *   const Chart = await loadChart();   new Chart(canvas, { type: 'bar', data, options });
 */
import type { Chart as ChartType } from 'chart.js';

let loading: Promise<typeof ChartType> | null = null;

export function loadChart(): Promise<typeof ChartType> {
  loading ??= import('chart.js').then(({ Chart, BarController, BarElement, PieController, ArcElement, CategoryScale, LinearScale, Tooltip, Legend }) => {
    Chart.register(BarController, BarElement, PieController, ArcElement, CategoryScale, LinearScale, Tooltip, Legend);
    return Chart;
  });
  return loading;
}
