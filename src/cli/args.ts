/** The command line: a command, a file, and options. Unknown options are usage errors (exit 2), never ignored. */

export interface ParsedArguments {
  readonly command: string | undefined;
  readonly file: string | undefined;
  readonly options: ReadonlyMap<string, readonly string[]>;
  readonly flags: ReadonlySet<string>;
}

export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Options that take a value; everything else starting with -- is a flag. */
const VALUE_OPTIONS = new Set(["origin", "method", "header", "path", "to", "out", "format", "import-from", "route", "url", "rate", "concurrency", "timeout"]);
const FLAGS = new Set(["credentials", "json", "help", "strict", "version", "insecure", "junit"]);

export function parseArguments(argv: readonly string[]): ParsedArguments {
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] as string;
    if (argument === "-h" || argument === "-v") {
      flags.add(argument === "-h" ? "help" : "version");
      continue;
    }
    if (!argument.startsWith("--") || argument === "--") {
      positional.push(argument);
      continue;
    }
    const equals = argument.indexOf("=");
    const name = argument.slice(2, equals < 0 ? undefined : equals);
    if (VALUE_OPTIONS.has(name)) {
      const value = equals < 0 ? argv[(index += 1)] : argument.slice(equals + 1);
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      options.set(name, [...(options.get(name) ?? []), value]);
    } else if (FLAGS.has(name) && equals < 0) {
      flags.add(name);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  if (positional.length > 2) throw new UsageError(`unexpected argument ${JSON.stringify(positional[2])}`);
  return { command: positional[0], file: positional[1], options, flags };
}

/** The one value of an option, or undefined; a repeated single-value option is a usage error. */
export function single(parsed: ParsedArguments, name: string): string | undefined {
  const values = parsed.options.get(name);
  if (values === undefined) return undefined;
  if (values.length > 1) throw new UsageError(`--${name} given ${values.length} times`);
  return values[0];
}

export const USAGE = `Usage:
  corsgate check FILE --origin ORIGIN [--method METHOD] [--header NAME[: VALUE]]... [--path PATH] [--credentials] [--json]
  corsgate lint FILE [--strict] [--json]
  corsgate convert FILE --to istio|gateway-api|kgateway|agentgateway|corsgate [--json] [--strict]
  corsgate compile FILE [--route NAME|INDEX] [--out FILE.js] [--format esm|cjs] [--import-from SPECIFIER]
  corsgate verify FILE --url URL [--path PATH]... [--header "NAME: VALUE"]... [--rate N] [--concurrency N] [--timeout S] [--insecure] [--json|--junit]
  corsgate audit --url URL [--origin ORIGIN] [same options as verify]
  corsgate --version

FILE (- for standard input) is a corsgate policy (JSON or YAML), an Istio VirtualService, a Gateway API HTTPRoute, or
kgateway / Gloo / agentgateway CORS policies with the Gateways and HTTPRoutes they attach to (several YAML documents
or a kubectl List allowed). convert warns on stderr when the target behaves differently; --strict makes that exit 1.
Exit codes: check 0 allowed, 1 refused; lint 1 on errors (--strict: on warnings too, for CI); 2 bad file or usage.
compile writes a module whose default export is the policy, for corsgate/precompiled (no validator at run time);
--route picks one route of a VirtualService, HTTPRoute or route table (by name or index);
--format defaults to cjs for a .cjs or .cts --out file, esm otherwise (.mjs, .mts: esm only).
verify probes a live server with the requests the policy decides (GET and OPTIONS only, 10 per second, 2 at a time by
default) and reports where its answers differ; audit probes for known misconfigurations. Exit 0 no finding, 1 findings,
2 bad input or an unreachable URL.`;
