import { type CheckResult, failed, passed } from './check.ts';

const TITLE = 'PUBLIC_URL';
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The form of PUBLIC_URL as written (the raw value, before the configuration trims it): an absolute
 * http(s) origin, since the OAuth redirect URLs are built on it and the pages link to root paths
 * (`/dashboard`, `/r/{id}`); https in production, where the login cookie is Secure.
 */
export function checkPublicUrl(
  raw: string | undefined,
  nodeEnv: string | undefined,
  port: string | undefined,
): CheckResult {
  const fix = (advice: string) => ({ variable: 'PUBLIC_URL', advice });
  const value = raw?.trim() || undefined;
  if (value === undefined) {
    if (nodeEnv === 'production') {
      return failed(
        TITLE,
        'unset in production',
        fix('set it to the https:// address users reach, such as https://raffles.example.com'),
      );
    }
    return passed(
      TITLE,
      `unset: http://localhost:${port || 3000} (fine on this machine; set it when others reach KinoYu)`,
    );
  }
  if (!URL.canParse(value))
    return failed(TITLE, `"${value}" is not an absolute URL`, fix('write it as https://host[:port]'));
  const url = new URL(value);
  const problems: string[] = [];
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    problems.push(`it is ${url.protocol}, not http(s)`);
  if (url.username || url.password) problems.push('it carries a user name or password');
  if (url.search || url.hash) problems.push('it has a query or a fragment');
  if (url.pathname !== '/')
    problems.push(
      `it has a path (${url.pathname}): KinoYu serves its pages and OAuth callbacks at the root of its host`,
    );
  else if (value.endsWith('/')) problems.push('it ends with a slash');
  if (nodeEnv === 'production' && url.protocol === 'http:') {
    problems.push(
      LOOPBACK.has(url.hostname)
        ? 'it is http:// in production: users reach KinoYu through a TLS proxy at an https:// address'
        : 'it is http:// in production: the login cookie is Secure and needs https',
    );
  }
  if (problems.length > 0) {
    return failed(
      TITLE,
      `${value}: ${problems.join('; ')}`,
      fix(`write only the origin, such as ${suggestion(url, nodeEnv)}`),
    );
  }
  return passed(TITLE, `${value}`);
}

function suggestion(url: URL, nodeEnv: string | undefined): string {
  const scheme = nodeEnv === 'production' || url.protocol === 'https:' ? 'https:' : 'http:';
  return `${scheme}//${url.host}`;
}
