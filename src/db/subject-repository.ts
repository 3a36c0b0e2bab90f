import { AlreadyExistsError, NotFoundError } from "../domain/errors.js";
import { MembershipRepository } from "./membership-repository.js";
import type { Db } from "./orm.js";
import { ScopeStore } from "./scope-store.js";
import { type Page, page, SUBJECT_SELECT, type SubjectKindKey, type SubjectView, toSubject } from "./scope-views.js";

/** SubjectRepository stores subjects (users, agents, services), optionally with memberships made at once. */
export class SubjectRepository extends ScopeStore {
  private readonly memberships = new MembershipRepository(this.db);

  protected withDb(db: Db): this {
    return new SubjectRepository(db) as this;
  }

  /** createSubject stores a subject and makes it a member of the given scopes, all or nothing. */
  async createSubject(
    instanceId: string,
    input: {
      id: string;
      kind: SubjectKindKey;
      externalId: string | undefined;
      displayName: string;
      memberships: { scopeId: string; roleIds: string[] }[];
    },
  ): Promise<SubjectView> {
    return this.inTransaction(async (repo) => {
      if ((await repo.rows("select 1 from subject where instance_id = ? and id = ?", [instanceId, input.id])).length) {
        throw new AlreadyExistsError(`subject ${input.id} already exists`, "SUBJECT_EXISTS");
      }
      if (input.externalId !== undefined) {
        const taken = await repo.rows("select id from subject where instance_id = ? and external_id = ?", [
          instanceId,
          input.externalId,
        ]);
        if (taken.length > 0) {
          throw new AlreadyExistsError(
            `subject ${String(taken[0]?.id)} already has external id ${input.externalId}`,
            "SUBJECT_EXTERNAL_ID_EXISTS",
          );
        }
      }
      await repo.rows(
        "insert into subject (instance_id, id, kind, external_id, display_name, create_time) values (?, ?, ?, ?, ?, ?)",
        [instanceId, input.id, input.kind, input.externalId ?? null, input.displayName, new Date()],
      );
      if (input.memberships.length > 0) await repo.lockTree(instanceId, "shared");
      for (const membership of input.memberships) {
        await repo.getScope(instanceId, membership.scopeId);
        await repo.memberships.insertMembership(instanceId, membership.scopeId, input.id, membership.roleIds);
      }
      return repo.getSubject(instanceId, input.id);
    });
  }

  /** getSubject returns one subject. */
  async getSubject(instanceId: string, id: string): Promise<SubjectView> {
    const [row] = await this.rows(`${SUBJECT_SELECT} where instance_id = ? and id = ?`, [instanceId, id]);
    if (row === undefined) throw new NotFoundError("subject", id);
    return toSubject(row);
  }

  /** listSubjects returns a page of subjects by id. */
  async listSubjects(
    instanceId: string,
    filter: { kind?: SubjectKindKey; externalId?: string },
    size: number,
    after: string | undefined,
  ): Promise<Page<SubjectView>> {
    const rows = await this.rows(
      `${SUBJECT_SELECT} where instance_id = ? and id > ?
        and (?::text is null or kind = ?) and (?::text is null or external_id = ?)
        order by id limit ?`,
      [
        instanceId,
        after ?? "",
        filter.kind ?? null,
        filter.kind ?? null,
        filter.externalId ?? null,
        filter.externalId ?? null,
        size + 1,
      ],
    );
    return page(rows.map(toSubject), size, (s) => [s.id]);
  }

  /** deleteSubject deletes a subject; the schema cascades to its memberships. */
  async deleteSubject(instanceId: string, id: string): Promise<void> {
    const deleted = await this.rows("delete from subject where instance_id = ? and id = ? returning id", [
      instanceId,
      id,
    ]);
    if (deleted.length === 0) throw new NotFoundError("subject", id);
  }
}
