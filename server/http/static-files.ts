/**
 * Serves the built web UI (dist/web): files with their content type, long caching for hashed assets
 * (`/assets/…`), no caching for index.html, and the SPA fallback (unknown paths without an extension get
 * index.html so client-side routes survive a reload).
 *
 * Example: `if (await serveStatic(req, res, 'dist/web')) return;`
 */
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Vite puts content-hashed files under assets/: they never change, so browsers may keep them for a year. */
function cacheControlFor(relative: string): string {
  if (relative.startsWith('assets/')) return 'public, max-age=31536000, immutable';
  if (relative === 'index.html') return 'no-cache';
  return 'public, max-age=3600';
}

function statFile(file: string): fs.Stats | null {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() ? stat : null;
  } catch {
    return null;
  }
}

/**
 * Answers GET/HEAD from `root`. Returns false when the request is not for static content (other methods).
 * When the UI is not built, answers 503 with instructions.
 */
export function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, pathname: string): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const base = path.resolve(root);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    sendText(res, 400, 'Bad path encoding');
    return true;
  }
  if (decoded.includes('\0')) {
    sendText(res, 400, 'Bad path');
    return true;
  }
  let relative = path.posix.normalize(decoded).replace(/^\/+/, '');
  if (relative === '' || relative.endsWith('/')) relative += 'index.html';
  let file = path.resolve(base, relative);
  // Never serve outside the UI folder (../ tricks).
  if (file !== base && !file.startsWith(base + path.sep)) {
    sendText(res, 404, 'Not found');
    return true;
  }
  let stat = statFile(file);
  if (!stat && path.extname(relative) === '') {
    relative = 'index.html';
    file = path.join(base, relative);
    stat = statFile(file);
  }
  if (!stat) {
    if (relative === 'index.html') sendText(res, 503, 'The web UI is not built yet. Run `npm run build:web` (npm start does it for you).');
    else sendText(res, 404, 'Not found');
    return true;
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', contentTypeFor(file));
  res.setHeader('Content-Length', stat.size);
  res.setHeader('Cache-Control', cacheControlFor(relative));
  res.setHeader('Last-Modified', stat.mtime.toUTCString());
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  const stream = fs.createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
  return true;
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}
