import { Migration } from "@mikro-orm/migrations";

/** The first schema: instances and their keys, machines, machine keys and scopes. */
export class Migration20261123000000 extends Migration {
  override up(): void {
    this.addSql(`create table instance (
      id text primary key,
      name text not null,
      create_time timestamptz not null
    )`);
    this.addSql(`create table instance_key (
      id text primary key,
      instance_id text not null references instance (id) on delete cascade,
      key_hash text not null unique,
      create_time timestamptz not null,
      revoke_time timestamptz
    )`);
    this.addSql("create index instance_key_instance_idx on instance_key (instance_id)");
    this.addSql(`create table machine (
      id text primary key,
      instance_id text not null references instance (id) on delete cascade,
      name text not null,
      default_token_ttl_seconds integer not null
        check (default_token_ttl_seconds between 1 and 315360000),
      create_time timestamptz not null,
      update_time timestamptz not null,
      unique (instance_id, id)
    )`);
    this.addSql("create index machine_instance_create_time_idx on machine (instance_id, create_time, id)");
    this.addSql("create index machine_instance_name_idx on machine (instance_id, name, id)");
    this.addSql(`create table machine_secret_key (
      id text primary key,
      machine_id text not null references machine (id) on delete cascade,
      key_hash text not null unique,
      sealed_key text not null,
      status text not null check (status in ('current', 'previous')),
      expire_time timestamptz,
      create_time timestamptz not null,
      unique (machine_id, status)
    )`);
    this.addSql(`create table machine_scope (
      from_machine_id text not null,
      to_machine_id text not null,
      instance_id text not null,
      create_time timestamptz not null,
      primary key (from_machine_id, to_machine_id),
      foreign key (instance_id, from_machine_id) references machine (instance_id, id) on delete cascade,
      foreign key (instance_id, to_machine_id) references machine (instance_id, id) on delete cascade,
      check (from_machine_id <> to_machine_id)
    )`);
    this.addSql("create index machine_scope_to_idx on machine_scope (to_machine_id)");
  }

  override down(): void {
    this.addSql("drop table machine_scope");
    this.addSql("drop table machine_secret_key");
    this.addSql("drop table machine");
    this.addSql("drop table instance_key");
    this.addSql("drop table instance");
  }
}
