// The hexagon's rules (STYLE.md "Boundaries"), checked inside `npm test`.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ imports only domain/: no packages, no node builtins, no other layer',
      severity: 'error',
      from: { path: '^domain/' },
      to: { pathNot: '^domain/' },
    },
    {
      name: 'application-imports-domain-only',
      comment: 'application/ imports application/ and domain/ only',
      severity: 'error',
      from: { path: '^application/' },
      to: { pathNot: '^(application|domain)/' },
    },
    {
      name: 'adapters-stay-in-their-folder',
      comment: 'an adapter imports its own folder, application/, domain/ and packages: never another adapter',
      severity: 'error',
      from: { path: '^adapters/([^/]+)/' },
      to: { path: '^adapters/', pathNot: ['^adapters/$1/'] },
    },
    {
      name: 'nothing-imports-composition',
      severity: 'error',
      from: { pathNot: '^(composition|tests|bench)/' },
      to: { path: '^composition/' },
    },
    {
      name: 'nothing-imports-tests',
      severity: 'error',
      from: { pathNot: '^tests/' },
      to: { path: '^tests/' },
    },
    {
      name: 'sdk-stands-alone',
      comment: 'sdk/ is shipped to browsers on its own: it imports only sdk/, no packages, no node builtins',
      severity: 'error',
      from: { path: '^sdk/' },
      to: { pathNot: '^sdk/' },
    },
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^data/' },
  },
};
