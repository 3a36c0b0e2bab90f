import { Migration } from "@mikro-orm/migrations";

/**
 * Machine times to the millisecond. ListMachines resumes after a cursor that
 * holds the last machine's create_time as a JavaScript Date (milliseconds); a
 * row written with microseconds (by SQL's now(), an import) sorted after its
 * own cursor, so the stream stopped after the first batch.
 */
export class Migration20261123040000 extends Migration {
  override up(): void {
    this.addSql(
      "alter table machine alter column create_time type timestamptz(3), alter column update_time type timestamptz(3)",
    );
  }

  override down(): void {
    this.addSql(
      "alter table machine alter column create_time type timestamptz, alter column update_time type timestamptz",
    );
  }
}
