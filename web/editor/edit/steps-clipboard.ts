/**
 * Where copied steps go: the system clipboard when the browser allows it (so steps can be pasted into
 * another flow, even in another tab) and always localStorage as well (reading the system clipboard needs
 * a permission the browser may refuse).
 *
 *   await writeSteps(clip);   const clip = await readSteps();
 */
import { parseClip, type StepsClip } from '../model/paste-nodes.js';

const STORAGE_KEY = 'kiunga.editor.clipboard';

export async function writeSteps(clip: StepsClip): Promise<void> {
  const text = JSON.stringify(clip);
  try {
    localStorage.setItem(STORAGE_KEY, text);
  } catch {
    // storage full or disabled: the system clipboard may still work
  }
  try {
    await navigator.clipboard?.writeText(text);
  } catch {
    // refused (no focus, no permission): localStorage has it
  }
}

export async function readSteps(): Promise<StepsClip | null> {
  try {
    const fromSystem = parseClip((await navigator.clipboard?.readText()) ?? null);
    if (fromSystem) return fromSystem;
  } catch {
    // refused: fall back to localStorage
  }
  try {
    return parseClip(localStorage.getItem(STORAGE_KEY));
  } catch {
    return null;
  }
}
