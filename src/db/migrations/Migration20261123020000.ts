import { Migration } from "@mikro-orm/migrations";

/** Per-instance JWT signing keys. */
export class Migration20261123020000 extends Migration {
  override up(): void {
    this.addSql(`create table signing_key (
      id text primary key,
      instance_id text not null references instance (id) on delete cascade,
      algorithm text not null,
      sealed_private_key text not null,
      public_jwk jsonb not null,
      status text not null check (status in ('current', 'retired')),
      last_token_expire_time timestamptz,
      create_time timestamptz not null,
      retire_time timestamptz
    )`);
    this.addSql(
      "create unique index signing_key_one_current_idx on signing_key (instance_id) where status = 'current'",
    );
  }

  override down(): void {
    this.addSql("drop table signing_key");
  }
}
