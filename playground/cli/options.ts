/**
 * A command's arguments: `--flag`, `--name VALUE` / `--name=VALUE`, short aliases (`-i 4`), and
 * the rest as positionals. Unknown options are an error naming the option.
 */
export interface OptionSpec {
  flags: readonly string[];
  values: readonly string[];
  /** Short letter → long name. */
  short?: Readonly<Record<string, string>>;
}

export interface ParsedOptions {
  flags: Set<string>;
  values: Record<string, string | undefined>;
  positional: string[];
}

export function parseOptions(args: readonly string[], spec: OptionSpec): ParsedOptions | { error: string } {
  const flags = new Set<string>();
  const values: Record<string, string | undefined> = {};
  const positional: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const arg = args[k]!;
    if (arg === '--') {
      positional.push(...args.slice(k + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
    } else {
      const long = spec.short?.[arg.slice(1, 2)];
      if (!long) return { error: `unknown option "${arg}"` };
      name = long;
      inline = arg.length > 2 ? arg.slice(2) : undefined;
    }
    if (spec.flags.includes(name)) {
      if (inline !== undefined) return { error: `option "--${name}" takes no value` };
      flags.add(name);
    } else if (spec.values.includes(name)) {
      const value = inline ?? args[++k];
      if (value === undefined) return { error: `option "--${name}" needs a value` };
      values[name] = value;
    } else {
      return { error: `unknown option "${arg}"` };
    }
  }
  return { flags, values, positional };
}
