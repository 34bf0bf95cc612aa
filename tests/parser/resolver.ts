/** An include resolver over an in-memory set of files, named relative to `dir`. */
import type { IncludeResolver } from '../../playground/src/index';

export function memoryResolver(dir: string, files: Record<string, string> = {}): IncludeResolver {
  return (pattern) => {
    const name = pattern.startsWith(`${dir}/`) ? pattern.slice(dir.length + 1) : pattern;
    const text = files[name];
    return text === undefined ? null : [{ file: `${dir}/${name}`, text }];
  };
}
