import { Migration } from "@mikro-orm/migrations";

/**
 * ScopeService: scope types, scopes with a maintained closure table, subjects,
 * roles with their permission patterns, memberships and their roles. Every
 * key starts with instance_id, so no row can reference another instance's.
 */
export class Migration20261123030000 extends Migration {
  override up(): void {
    this.addSql(`create table scope_type (
      instance_id text not null references instance (id) on delete cascade,
      id text not null,
      name text not null,
      permission_mode text not null check (permission_mode in ('inherit', 'define')),
      create_time timestamptz not null,
      primary key (instance_id, id)
    )`);
    this.addSql(`create table scope_type_parent (
      instance_id text not null,
      type_id text not null,
      parent_type_id text not null,
      primary key (instance_id, type_id, parent_type_id),
      foreign key (instance_id, type_id) references scope_type (instance_id, id) on delete cascade,
      foreign key (instance_id, parent_type_id) references scope_type (instance_id, id)
    )`);
    this.addSql("create index scope_type_parent_parent_idx on scope_type_parent (instance_id, parent_type_id)");
    this.addSql(`create table scope (
      instance_id text not null references instance (id) on delete cascade,
      id text not null,
      type_id text not null,
      name text not null,
      external_id text,
      parent_id text,
      meta jsonb not null default '{}',
      depth integer not null check (depth between 1 and 16),
      create_time timestamptz not null,
      update_time timestamptz not null,
      primary key (instance_id, id),
      foreign key (instance_id, type_id) references scope_type (instance_id, id),
      foreign key (instance_id, parent_id) references scope (instance_id, id),
      unique (instance_id, type_id, external_id)
    )`);
    this.addSql("create index scope_parent_idx on scope (instance_id, parent_id, id)");
    // scope_ancestor holds every (scope, ancestor-or-self) pair with its
    // distance; "effective" says permissions held at the ancestor apply in the
    // scope: no scope of a DEFINE type lies closer than the ancestor.
    this.addSql(`create table scope_ancestor (
      instance_id text not null,
      scope_id text not null,
      ancestor_id text not null,
      distance integer not null check (distance >= 0),
      effective boolean not null,
      primary key (instance_id, scope_id, ancestor_id),
      foreign key (instance_id, scope_id) references scope (instance_id, id) on delete cascade,
      foreign key (instance_id, ancestor_id) references scope (instance_id, id) on delete cascade
    )`);
    this.addSql("create index scope_ancestor_ancestor_idx on scope_ancestor (instance_id, ancestor_id, scope_id)");
    this.addSql(`create table subject (
      instance_id text not null references instance (id) on delete cascade,
      id text not null,
      kind text not null check (kind in ('user', 'agent', 'service')),
      external_id text,
      display_name text not null,
      create_time timestamptz not null,
      primary key (instance_id, id),
      unique (instance_id, external_id)
    )`);
    this.addSql(`create table role (
      instance_id text not null references instance (id) on delete cascade,
      id text not null,
      name text not null,
      permissions jsonb not null,
      scope_id text,
      create_time timestamptz not null,
      update_time timestamptz not null,
      primary key (instance_id, id),
      foreign key (instance_id, scope_id) references scope (instance_id, id) on delete cascade
    )`);
    this.addSql("create index role_scope_idx on role (instance_id, scope_id)");
    // One row per permission pattern of a role, with the pattern as a LIKE
    // expression, so a check matches wildcards in the database.
    this.addSql(`create table role_permission (
      instance_id text not null,
      role_id text not null,
      pattern text not null,
      like_pattern text not null,
      primary key (instance_id, role_id, pattern),
      foreign key (instance_id, role_id) references role (instance_id, id) on delete cascade
    )`);
    // A membership's subject is a subject row or a machine; the generated
    // columns give each its own foreign key, so deleting either removes the
    // memberships.
    this.addSql(`create table membership (
      instance_id text not null,
      scope_id text not null,
      subject_id text not null,
      subject_row_id text generated always as (case when subject_id like 'subject\\_%' then subject_id end) stored,
      machine_id text generated always as (case when subject_id like 'mch\\_%' then subject_id end) stored,
      create_time timestamptz not null,
      update_time timestamptz not null,
      primary key (instance_id, scope_id, subject_id),
      foreign key (instance_id, scope_id) references scope (instance_id, id) on delete cascade,
      foreign key (instance_id, subject_row_id) references subject (instance_id, id) on delete cascade,
      foreign key (instance_id, machine_id) references machine (instance_id, id) on delete cascade,
      check (num_nonnulls(subject_row_id, machine_id) = 1)
    )`);
    this.addSql("create index membership_subject_idx on membership (instance_id, subject_id, scope_id)");
    this.addSql(`create table membership_role (
      instance_id text not null,
      scope_id text not null,
      subject_id text not null,
      role_id text not null,
      primary key (instance_id, scope_id, subject_id, role_id),
      foreign key (instance_id, scope_id, subject_id)
        references membership (instance_id, scope_id, subject_id) on delete cascade,
      foreign key (instance_id, role_id) references role (instance_id, id)
    )`);
    this.addSql("create index membership_role_subject_idx on membership_role (instance_id, subject_id, scope_id)");
    this.addSql("create index membership_role_role_idx on membership_role (instance_id, role_id)");
    // The permission check, in PL/pgSQL so that each connection plans it once
    // and reuses the plan: a third of the cost of planning the statement on
    // every call (measured with pgbench; see bench/README.md). One row per
    // grant (nearest first, at most 10), or one row with null grant columns,
    // or no row when the scope does not exist.
    this.addSql(`create function scope_check(p_instance_id text, p_subject_id text, p_scope_id text, p_permission text)
returns table (scope_found boolean, subject_found boolean, grant_scope_id text, grant_role_id text, grant_pattern text, grant_distance integer)
language plpgsql stable as $$
begin
  return query
  select true,
    case when p_subject_id like 'mch\\_%'
      then exists (select 1 from machine m where m.instance_id = p_instance_id and m.id = p_subject_id)
      else exists (select 1 from subject u where u.instance_id = p_instance_id and u.id = p_subject_id) end,
    g.ancestor_id, g.role_id, g.pattern, g.distance
  from scope s
  left join lateral (
    select a.ancestor_id, mr.role_id, rp.pattern, a.distance
    from scope_ancestor a
    join membership_role mr on mr.instance_id = a.instance_id and mr.scope_id = a.ancestor_id and mr.subject_id = p_subject_id
    join role_permission rp on rp.instance_id = mr.instance_id and rp.role_id = mr.role_id
    where a.instance_id = s.instance_id and a.scope_id = s.id and a.effective and p_permission like rp.like_pattern
    order by a.distance, mr.role_id, rp.pattern
    limit 10
  ) g on true
  where s.instance_id = p_instance_id and s.id = p_scope_id;
end $$;`);
  }

  override down(): void {
    this.addSql("drop function scope_check");
    for (const table of [
      "membership_role",
      "membership",
      "role_permission",
      "role",
      "subject",
      "scope_ancestor",
      "scope",
      "scope_type_parent",
      "scope_type",
    ]) {
      this.addSql(`drop table ${table}`);
    }
  }
}
