// The demo's command line: ports from flags, then the environment, then the defaults.

export interface PortOptions {
  readonly backendPort: number;
  readonly frontendPort: number;
}

export type ParsedOptions = { readonly ok: true; readonly options: PortOptions; readonly help: boolean } | { readonly ok: false; readonly problems: readonly string[] };

export const usage = `Usage: npm run demo -- [--backend-port <port>] [--frontend-port <port>]
  Ports may also come from BACKEND_PORT and FRONTEND_PORT; defaults 8080 and 8081; 0 picks a free port.`;

const defaults: PortOptions = { backendPort: 8080, frontendPort: 8081 };

function parsePort(text: string, where: string, problems: string[]): number | undefined {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
    problems.push(`${where}: ${JSON.stringify(text)} is not a port (0–65535)`);
    return undefined;
  }
  return Number(text);
}

/** Reads `--backend-port 8080`, `--backend-port=8080`, `--frontend-port …`, `--help`; reports every problem at once. */
export function parseOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ParsedOptions {
  const problems: string[] = [];
  const fromFlags: { backend?: string; frontend?: string } = {};
  let help = false;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] as string;
    if (argument === "--help" || argument === "-h") {
      help = true;
      continue;
    }
    const match = /^--(backend|frontend)-port(?:=(.*))?$/.exec(argument);
    if (match === null) {
      problems.push(`unknown argument ${JSON.stringify(argument)}`);
      continue;
    }
    const which = match[1] as "backend" | "frontend";
    const value = match[2] ?? argv[++index];
    if (value === undefined) problems.push(`--${which}-port needs a value`);
    else fromFlags[which] = value;
  }
  const pick = (flag: string | undefined, name: string, variable: string, fallback: number): number | undefined => {
    if (flag !== undefined) return parsePort(flag, `--${name}-port`, problems);
    const fromEnv = env[variable];
    if (fromEnv !== undefined && fromEnv !== "") return parsePort(fromEnv, variable, problems);
    return fallback;
  };
  const backendPort = pick(fromFlags.backend, "backend", "BACKEND_PORT", defaults.backendPort);
  const frontendPort = pick(fromFlags.frontend, "frontend", "FRONTEND_PORT", defaults.frontendPort);
  if (backendPort !== undefined && backendPort !== 0 && backendPort === frontendPort) {
    problems.push(`the backend and the frontend need different ports (both are ${backendPort}): two ports make two origins`);
  }
  if (problems.length > 0 || backendPort === undefined || frontendPort === undefined) return { ok: false, problems };
  return { ok: true, options: { backendPort, frontendPort }, help };
}
