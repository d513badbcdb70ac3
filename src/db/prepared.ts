/**
 * A drizzle prepared query made once per connection and reused: the SQL text is composed and
 * compiled on first use only. For the queries every signed-in request runs (session, user,
 * membership); values go in through `sql.placeholder(name)`.
 */
export function preparedPer<C extends object, Q>(build: (db: C) => Q): (db: C) => Q {
  const byConnection = new WeakMap<C, Q>();
  return (db) => {
    let query = byConnection.get(db);
    if (!query) {
      query = build(db);
      byConnection.set(db, query);
    }
    return query;
  };
}
