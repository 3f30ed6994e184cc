/**
 * A tiny hash router: the location is `#/flows/42`, so the server only ever serves index.html and reloads
 * keep the page. Routes are matched by the app with `matchRoute`.
 *
 *   const path = useHashPath();                       // "/flows/42"
 *   const params = matchRoute('/flows/:id', path);    // { id: "42" }
 *   <Link to="/contacts">Contacts</Link>
 */
import { useEffect, useState, type AnchorHTMLAttributes, type ReactNode } from 'react';

function currentPath(): string {
  const raw = window.location.hash.replace(/^#/, '');
  return raw.startsWith('/') ? raw : '/';
}

/** The current path (without the `#`), updated on every navigation. */
export function useHashPath(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const onChange = () => setPath(currentPath());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return path;
}

/** Goes to a path, e.g. `navigate('/flows/42')`. */
export function navigate(path: string): void {
  window.location.hash = path;
}

/** Parameters of `pattern` (segments like `:id`) when `path` matches it, else null. */
export function matchRoute(pattern: string, path: string): Record<string, string> | null {
  const patternParts = pattern.split('/').filter(Boolean);
  const pathParts = path.split('?')[0].split('/').filter(Boolean);
  if (patternParts.length !== pathParts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < patternParts.length; i++) {
    const expected = patternParts[i];
    if (expected.startsWith(':')) params[expected.slice(1)] = decodeURIComponent(pathParts[i]);
    else if (expected !== pathParts[i]) return null;
  }
  return params;
}

/** A link to a path of the app; `aria-current="page"` when `current` is set. */
export function Link({
  to,
  children,
  current,
  ...rest
}: { to: string; children: ReactNode; current?: boolean } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  return (
    <a href={`#${to}`} aria-current={current ? 'page' : undefined} {...rest}>
      {children}
    </a>
  );
}
