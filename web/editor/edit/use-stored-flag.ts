/**
 * An on/off choice remembered in this browser (localStorage), for preferences such as “Show results on the
 * canvas” or the code editor of one kind of field. Private browsing (storage refused) keeps it for the page only.
 *
 *   const [shown, setShown] = useStoredFlag('kiunga.canvasResults');   // false until set
 *   setShown(true);                                                     // remembered for the next visit
 */
import { useCallback, useState } from 'react';

export function readStoredFlag(key: string): boolean {
  try {
    return localStorage.getItem(key) === '1';
  } catch {
    return false;
  }
}

export function writeStoredFlag(key: string, value: boolean): void {
  try {
    localStorage.setItem(key, value ? '1' : '0');
  } catch {
    // storage refused: the choice lasts until the page is left
  }
}

export function useStoredFlag(key: string): [boolean, (next: boolean) => void] {
  const [value, setValue] = useState(() => readStoredFlag(key));
  const set = useCallback(
    (next: boolean) => {
      setValue(next);
      writeStoredFlag(key, next);
    },
    [key],
  );
  return [value, set];
}
