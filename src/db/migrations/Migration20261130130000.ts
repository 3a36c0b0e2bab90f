import { Migration } from "@mikro-orm/migrations";

/**
 * Tokens never outlive the key that minted them. Before minting and rotating
 * were serialised, an opaque token inserted while a rotation ran escaped its
 * cut, and a rotation set the cut tokens' update_time to the end of the grace
 * period. This ends every stored token whose key is gone, caps the rest at
 * their key's grace end, and brings future update times back to now.
 */
export class Migration20261130130000 extends Migration {
  override up(): void {
    this.addSql(`update machine_token t set expire_time = now(), update_time = now()
      where t.expire_time > now()
        and not exists (select 1 from machine_secret_key k where k.id = t.minted_with_key_id)`);
    this.addSql(`update machine_token t set expire_time = k.expire_time, update_time = now()
      from machine_secret_key k
      where k.id = t.minted_with_key_id and k.expire_time is not null and t.expire_time > k.expire_time`);
    this.addSql("update machine_token set update_time = now() where update_time > now()");
  }

  override down(): void {
    // Lifetimes that were cut stay cut: restoring them would revive tokens of ended keys.
  }
}
