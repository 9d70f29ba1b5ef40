/** The smallest valid config the config tests start from (the token comes from ${TOKEN}). */
export const BASE_YAML = `gateway:
  id: gw-1
  dataDir: ./data
api:
  listen: 127.0.0.1:8080
  token: \${TOKEN}
serials:
  unit:
    format: "{GG}{WW}{seq:6}{check:gs1}"
stations:
  - id: ST10
    kind: start
    partNumber: PN-100
    serial: unit
`;

/** The environment BASE_YAML needs. */
export const BASE_ENV = { TOKEN: 'secret-token-1' };
