/**
 * `docs/config-reference.md` cannot drift from the types: every record it documents is read
 * from the packages' exported types with the workspace's TypeScript compiler, and the fields
 * the page lists must be exactly the record's properties (inherited ones included). The
 * records the page must document are listed here too, so dropping a section fails as well.
 *
 * Page format: a record is a heading `### \`Name\`` (or `### \`Name.field.sub\`` for a record
 * declared inline in a field of another), followed by a table whose rows start with
 * `| \`field\` |`. Names resolve against `@pointe/http`'s exports first, then `@pointe/oauth2`,
 * `@pointe/jwt`, `@pointe/auth` and `@pointe/crypto` (records being wired into `@pointe/http`
 * are read from the package that declares them).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const PAGE = `${root}docs/config-reference.md`;
const ENTRIES = ['http', 'oauth2', 'jwt', 'auth', 'crypto'].map((pkg) => `${root}packages/${pkg}/src/index.ts`);

/** The records the issue asks for; each must have a section. */
const REQUIRED = [
  'ListenerConfiguration', 'ListenerSecureSocket', 'ListenerMutualSsl', 'CertKeyConfig', 'KeyStoreConfig', 'LoginThrottleConfig',
  'ScopesConfig', 'FileUserStoreConfigWithScopes', 'FileUserStoreConfig', 'LdapUserStoreConfigWithScopes', 'LdapUserStoreConfig',
  'JwtValidatorConfigWithScopes', 'JwtValidatorConfig', 'ValidatorSignatureConfig', 'JwksConfig', 'JwksClientConfig', 'JwtCacheConfig',
  'OAuth2IntrospectionConfigWithScopes', 'OAuth2IntrospectionConfig', 'OAuth2IntrospectionClientConfig', 'OAuth2IntrospectionCacheConfig',
  'ClientConfiguration', 'ClientSecureSocket', 'CredentialsConfig', 'BearerTokenConfig', 'JwtIssuerConfig',
  'OAuth2ClientCredentialsGrantConfig', 'OAuth2PasswordGrantConfig', 'OAuth2DirectTokenConfig', 'OAuth2RefreshConfig', 'OAuth2ClientConfig',
];

interface Section { name: string; fields: string[]; line: number }

function readSections(markdown: string): Section[] {
  const sections: Section[] = [];
  let current: Section | undefined;
  markdown.split('\n').forEach((text, index) => {
    const heading = /^#{2,4}\s/.test(text);
    if (heading) {
      const record = /^#{3,4}\s+`([A-Za-z0-9_.]+)`/.exec(text);
      current = record ? { name: record[1]!, fields: [], line: index + 1 } : undefined;
      if (current) sections.push(current);
      return;
    }
    const row = /^\|\s*`([A-Za-z0-9_]+)`\s*\|/.exec(text);
    if (current && row) current.fields.push(row[1]!);
  });
  return sections;
}

function loadProgram(): { checker: ts.TypeChecker; exports: Map<string, ts.Symbol>[] } {
  const configFile = ts.readConfigFile(`${root}tsconfig.json`, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  const program = ts.createProgram({ rootNames: ENTRIES, options: { ...parsed.options, noEmit: true } });
  const checker = program.getTypeChecker();
  const exports = ENTRIES.map((entry) => {
    const source = program.getSourceFile(entry);
    if (!source) throw new Error(`cannot read ${entry}`);
    const moduleSymbol = checker.getSymbolAtLocation(source);
    const byName = new Map<string, ts.Symbol>();
    for (const symbol of moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : []) byName.set(symbol.name, symbol);
    return byName;
  });
  return { checker, exports };
}

describe('docs/config-reference.md against the exported types', () => {
  const sections = readSections(readFileSync(PAGE, 'utf8'));
  const { checker, exports } = loadProgram();

  /** The object members of a type: a union's members each contribute (`cert: string | KeyStoreConfig`). */
  const propertyNames = (type: ts.Type): string[] => {
    const members = type.isUnion() ? type.types : [type];
    const names = new Set<string>();
    for (const member of members) {
      if (member.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.ESSymbolLike | ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)) continue;
      for (const property of checker.getPropertiesOfType(member)) names.add(property.name);
    }
    return [...names].sort();
  };

  const exportedType = (name: string): ts.Type | undefined => {
    for (const byName of exports) {
      let symbol = byName.get(name);
      if (!symbol) continue;
      if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      return checker.getDeclaredTypeOfSymbol(symbol);
    }
    return undefined;
  };

  /** `Name` or `Name.field.sub`: the fields of that record, or a message saying why it has none. */
  const fieldsOf = (path: string): string[] | string => {
    const [name, ...steps] = path.split('.');
    let type = exportedType(name!);
    if (!type) return `no package exports a type '${name}' (looked in @pointe/http, oauth2, jwt, auth, crypto)`;
    for (const step of steps) {
      const property = type.getProperty(step);
      if (!property) return `'${name}' has no field path '${steps.join('.')}' (stopped at '${step}')`;
      type = checker.getNonNullableType(checker.getTypeOfSymbol(property));
    }
    return propertyNames(type);
  };

  it('documents every record the reference must cover, once', () => {
    const names = sections.map((section) => section.name);
    const missing = REQUIRED.filter((name) => !names.includes(name));
    const twice = names.filter((name, index) => names.indexOf(name) !== index);
    expect(missing, `docs/config-reference.md has no section for: ${missing.join(', ')}`).toEqual([]);
    expect(twice, `docs/config-reference.md documents these twice: ${twice.join(', ')}`).toEqual([]);
  });

  it('finds the records being wired into @pointe/http in the package that declares them', () => {
    // The OAuth2 records are read from @pointe/oauth2 until @pointe/http re-exports them.
    expect(fieldsOf('OAuth2IntrospectionConfig')).toContain('url');
    expect(fieldsOf('OAuth2IntrospectionConfigWithScopes')).toEqual(['matchAllScopes', 'oauth2IntrospectionConfig', 'scopes']);
  });

  for (const section of sections) {
    it(`${section.name} (line ${section.line}) lists exactly the record's fields`, () => {
      const actual = fieldsOf(section.name);
      if (typeof actual === 'string') throw new Error(`docs/config-reference.md:${section.line} documents '${section.name}', but ${actual}`);
      const documented = [...new Set(section.fields)].sort();
      const missing = actual.filter((field) => !documented.includes(field));
      const extra = documented.filter((field) => !actual.includes(field));
      const problems = [
        missing.length > 0 ? `fields of the type missing from the page: ${missing.join(', ')}` : '',
        extra.length > 0 ? `fields on the page the type does not have: ${extra.join(', ')}` : '',
        section.fields.length !== documented.length ? 'a field is listed twice' : '',
      ].filter(Boolean);
      expect(problems, `docs/config-reference.md:${section.line} record '${section.name}': ${problems.join('; ')}`).toEqual([]);
    });
  }
});
