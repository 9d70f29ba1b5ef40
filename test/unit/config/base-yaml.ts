import { baseYaml } from '../../helpers/gateway-config';

/** The smallest valid config the config tests start from (the token comes from ${TOKEN}). */
export const BASE_YAML = baseYaml({ listen: '127.0.0.1:8080', token: '${TOKEN}' });

/** The environment BASE_YAML needs. */
export const BASE_ENV = { TOKEN: 'secret-token-1' };
