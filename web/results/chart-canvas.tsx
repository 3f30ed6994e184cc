/**
 * One Chart.js chart on a canvas: bars or a pie of labelled counts. The chart is updated in place when the
 * numbers change (live results), so it does not flash. Screen readers get the figure's table instead
 * (the canvas is hidden from them).
 *
 *   <ChartCanvas kind="bar" labels={['Yes', 'No']} values={[12, 3]} label="Answers" />
 */
import { useEffect, useRef } from 'react';
import type { Chart } from 'chart.js';
import { loadChart } from './chart-loader.js';

const COLOURS = ['#0b6e4f', '#1a5fd0', '#e07a00', '#8a3ffc', '#b42318', '#4fa383', '#6b7280', '#d4a72c', '#0e7490', '#be185d'];

export function ChartCanvas({ kind, labels, values, label }: { kind: 'bar' | 'pie'; labels: string[]; values: number[]; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);

  useEffect(() => {
    let cancelled = false;
    void loadChart().then((ChartClass) => {
      if (cancelled || !canvas.current) return;
      const colours = labels.map((_, i) => COLOURS[i % COLOURS.length]!);
      const existing = chart.current;
      if (existing && (existing.config as { type?: string }).type === kind) {
        existing.data.labels = labels;
        existing.data.datasets[0]!.data = values;
        existing.data.datasets[0]!.backgroundColor = kind === 'pie' ? colours : COLOURS[0];
        existing.update();
        return;
      }
      existing?.destroy();
      chart.current = new ChartClass(canvas.current, {
        type: kind,
        data: { labels, datasets: [{ label, data: values, backgroundColor: kind === 'pie' ? colours : COLOURS[0] }] },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: { duration: 250 },
          plugins: { legend: { display: kind === 'pie', position: 'right' } },
          ...(kind === 'bar' ? { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } : {}),
        },
      });
    });
    return () => {
      cancelled = true;
    };
  }, [kind, labels, values, label]);

  useEffect(() => () => chart.current?.destroy(), []);

  return (
    <div className="chart-box">
      <canvas ref={canvas} aria-hidden="true" />
    </div>
  );
}
