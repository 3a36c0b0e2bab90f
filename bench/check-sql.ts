/**
 * RECURSIVE_CHECK_SQL is the alternative to latchkey's closure-table check:
 * the same question answered by walking `scope.parent_id` upwards with a
 * recursive query, stopping after the first scope of a DEFINE type. The
 * benchmark measures both on the same data; the server uses the closure
 * table (see bench/README.md for why). Parameters: instance, scope, subject,
 * permission.
 */
export const RECURSIVE_CHECK_SQL = `with recursive chain (id, parent_id, distance, stop) as (
    select s.id, s.parent_id, 0, t.permission_mode = 'define'
    from scope s join scope_type t on t.instance_id = s.instance_id and t.id = s.type_id
    where s.instance_id = $1 and s.id = $2
  union all
    select p.id, p.parent_id, c.distance + 1, pt.permission_mode = 'define'
    from chain c
    join scope p on p.instance_id = $1 and p.id = c.parent_id
    join scope_type pt on pt.instance_id = p.instance_id and pt.id = p.type_id
    where not c.stop
  )
  select c.id, mr.role_id, rp.pattern, c.distance
  from chain c
  join membership_role mr on mr.instance_id = $1 and mr.scope_id = c.id and mr.subject_id = $3
  join role_permission rp on rp.instance_id = mr.instance_id and rp.role_id = mr.role_id
  where $4::text like rp.like_pattern
  order by c.distance, mr.role_id, rp.pattern limit 10`;
