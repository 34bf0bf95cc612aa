/**
 * The file system nginx sees in a scenario: the conformance run's prefix (/usr/share/nginx/)
 * holding the scenario's `files`, and nothing else. The static handlers and the `if` file
 * tests (`-f`, `-d`, `-e`, `-x`) ask it the same questions.
 */
import { NGINX_PREFIX } from './static';

export interface FileSystem {
  isFile(path: string): boolean;
  isDirectory(path: string): boolean;
}

export class PrefixFiles implements FileSystem {
  constructor(private readonly files: Record<string, string> | undefined) {}

  private relative(path: string): string | null {
    return path.startsWith(NGINX_PREFIX) ? path.slice(NGINX_PREFIX.length) : null;
  }

  isFile(path: string): boolean {
    const rel = this.relative(path);
    return rel !== null && this.files?.[rel] !== undefined;
  }

  isDirectory(path: string): boolean {
    const rel = this.relative(path.endsWith('/') ? path : `${path}/`);
    if (rel === null) return false;
    return rel === '' || Object.keys(this.files ?? {}).some((n) => n.startsWith(rel));
  }
}
