/** The tests' slapd: `@pointe/slapd` (packages/slapd), shared with the bench and the demo. */
export * from '@pointe/slapd';
