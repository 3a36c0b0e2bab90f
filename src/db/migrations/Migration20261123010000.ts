import { Migration } from "@mikro-orm/migrations";

/** Opaque machine-to-machine tokens. */
export class Migration20261123010000 extends Migration {
  override up(): void {
    this.addSql(`create table machine_token (
      id text primary key,
      instance_id text not null,
      subject_machine_id text not null,
      minted_with_key_id text not null,
      token_hash text not null unique,
      sealed_token text not null,
      scopes jsonb not null,
      claims jsonb,
      claims_digest text not null,
      expire_time timestamptz not null,
      revoke_time timestamptz,
      revocation_reason text,
      last_used_time timestamptz,
      create_time timestamptz not null,
      update_time timestamptz not null,
      foreign key (instance_id, subject_machine_id) references machine (instance_id, id) on delete cascade
    )`);
    this.addSql("create index machine_token_subject_idx on machine_token (subject_machine_id, create_time, id)");
    this.addSql("create index machine_token_minted_with_key_idx on machine_token (minted_with_key_id)");
  }

  override down(): void {
    this.addSql("drop table machine_token");
  }
}
