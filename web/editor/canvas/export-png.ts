/**
 * The whole flow as a PNG picture (for a report, a training slide, a WhatsApp to a colleague): the canvas's
 * viewport drawn at 100 % (smaller for huge flows) around every step and note, whatever the current zoom,
 * with html-to-image, then downloaded.
 *
 *   await downloadCanvasPng(reactFlow.getNodes(), 'Weekly stock check');   // saves "weekly-stock-check.png"
 */
import { getNodesBounds, type Node } from '@xyflow/react';
import { toPng } from 'html-to-image';

const PADDING = 40;
/** Browsers refuse canvases much larger than this. */
const MAX_SIDE = 8000;

/** "Weekly stock check (v2)" → "weekly-stock-check-v2". */
export function pictureFileName(name: string): string {
  const slug = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `${slug || 'flow'}.png`;
}

export async function downloadCanvasPng(nodes: Node[], name: string): Promise<void> {
  const viewport = document.querySelector<HTMLElement>('.canvas .react-flow__viewport');
  if (!viewport || nodes.length === 0) throw new Error('there is nothing on the canvas to draw');
  const bounds = getNodesBounds(nodes);
  const zoom = Math.min(1, MAX_SIDE / (bounds.width + PADDING * 2), MAX_SIDE / (bounds.height + PADDING * 2));
  const width = Math.ceil((bounds.width + PADDING * 2) * zoom);
  const height = Math.ceil((bounds.height + PADDING * 2) * zoom);
  const dataUrl = await toPng(viewport, {
    backgroundColor: '#ffffff',
    width,
    height,
    style: {
      width: `${width}px`,
      height: `${height}px`,
      transform: `translate(${(PADDING - bounds.x) * zoom}px, ${(PADDING - bounds.y) * zoom}px) scale(${zoom})`,
    },
  });
  const link = document.createElement('a');
  link.href = dataUrl;
  link.download = pictureFileName(name);
  document.body.append(link);
  link.click();
  link.remove();
}
