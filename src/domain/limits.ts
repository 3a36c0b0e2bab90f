/**
 * Limits of the machine API, in one place so the proto comments, the
 * validation and the docs agree.
 */
export const MACHINE_LIMITS = {
  /** Longest machine name, in characters after trimming. */
  nameMaxLength: 255,
  /** Most machines one machine may call (its call grants, machine scopes on the wire). */
  callGrantsPerMachine: 150,
  /** Default token lifetime when CreateMachine does not set one, in seconds. */
  defaultTokenTtlSeconds: 3600,
  /** Bounds of a machine's default token lifetime, in seconds (ten years). */
  tokenTtlSecondsMin: 1,
  tokenTtlSecondsMax: 315_360_000,
  /** Bounds of the grace period of a rotated-out secret key, in seconds (eight hours). */
  previousKeyTtlSecondsMax: 28_800,
  /** Longest ListMachines query string. */
  queryMaxLength: 255,
  /** Largest ListMachines limit and offset. */
  listLimitMax: 1_000_000_000,
  /** Most machines per ListMachines stream message. */
  listMessageSize: 100,
  /**
   * Machines in ListMachines' first database batch, and most in one batch:
   * batches double from the first to the largest (bench/README.md).
   */
  listQueryBatchMin: 100,
  listQueryBatchMax: 1000,
  /** A machine page (REST `GET /v1/machines`, the reference API's bounds): default and largest `limit`. */
  pageLimitDefault: 10,
  pageLimitMax: 500,
} as const;

/** Limits of machine tokens. */
export const TOKEN_LIMITS = {
  /** Largest serialized custom claims object, in bytes. */
  claimsMaxBytes: 4096,
  /** Longest revocation reason, in characters. */
  reasonMaxLength: 255,
  /** ListTokens page size: default and largest. */
  pageSizeDefault: 10,
  pageSizeMax: 100,
  /** Largest number of tokens a page may skip (REST `offset`). */
  pageOffsetMax: 1_000_000_000,
} as const;

/** Limits of the scope API (ScopeService). */
export const SCOPE_LIMITS = {
  /** Longest name of a scope type, scope, role; longest display name and external id. */
  nameMaxLength: 255,
  /** Characters after the prefix of a client-chosen id. */
  idSuffixMaxLength: 100,
  /** Deepest scope tree: a root is at depth 1. */
  maxDepth: 16,
  /** Most entries of a scope's meta, longest key and value. */
  metaMaxEntries: 32,
  metaKeyMaxLength: 64,
  metaValueMaxLength: 512,
  /** Most allowed parent types of a scope type. */
  allowedParentTypesMax: 50,
  /** Most permission patterns of a role, and the longest pattern or permission. */
  permissionsPerRoleMax: 100,
  permissionMaxLength: 128,
  /** Most roles of one membership. */
  rolesPerMembershipMax: 50,
  /** Most inline memberships of CreateScope. */
  inlineMembershipsMax: 100,
  /** Most scopes of BatchCreateScopes, checks of BatchCheckPermissions. */
  batchScopesMax: 1000,
  batchChecksMax: 100,
  /** Most ids of a ListScopes filter. */
  listIdsMax: 1000,
  /** List page size: default and largest. */
  pageSizeDefault: 100,
  pageSizeMax: 1000,
  /** Grants returned with an allowed check. */
  grantsMax: 10,
  /** Scopes per ListSubjectScopes stream message (and per database batch). */
  streamBatchSize: 100,
} as const;

/** Limits of any text or JSON a caller sends, whatever the API. */
export const INPUT_LIMITS = {
  /**
   * Deepest JSON a caller may send inside a request (custom claims): levels
   * of objects and arrays, the value itself being level 1. A REST body may
   * nest one level more (the body object holding the claims).
   */
  jsonNestingMax: 32,
} as const;
