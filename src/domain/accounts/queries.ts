import { and, eq, isNull, lt, sql } from "drizzle-orm";
import { changes } from "../../db/open";
import { preparedPer } from "../../db/prepared";
import type { SystemConn } from "../../db/system";
import { users, sessions, authTokens, recoveryCodes } from "../../db/schema/system";

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type AuthTokenRow = typeof authTokens.$inferSelect;

export const countUsers = (db: SystemConn) => db.select({ n: sql<number>`count(*)` }).from(users).get()!.n;
export const findUserByEmail = (db: SystemConn, email: string) => db.select().from(users).where(eq(users.email, email)).get();
const userById = preparedPer((db: SystemConn) => db.select().from(users).where(eq(users.id, sql.placeholder("id"))).prepare());
export const findUserById = (db: SystemConn, id: string) => userById(db).get({ id });
export const insertUser = (db: SystemConn, row: typeof users.$inferInsert) => db.insert(users).values(row).run();
/** Memberships, sessions, tokens and recovery codes go with the row (foreign keys cascade). */
export const deleteUser = (db: SystemConn, id: string) => changes(db.delete(users).where(eq(users.id, id)).run());
export const updateUser = (db: SystemConn, id: string, patch: Partial<typeof users.$inferInsert>) =>
  db.update(users).set(patch).where(eq(users.id, id)).run();

export const insertSession = (db: SystemConn, row: typeof sessions.$inferInsert) => db.insert(sessions).values(row).run();
const sessionById = preparedPer((db: SystemConn) => db.select().from(sessions).where(eq(sessions.id, sql.placeholder("id"))).prepare());
export const findSession = (db: SystemConn, id: string) => sessionById(db).get({ id });
export const updateSession = (db: SystemConn, id: string, patch: Partial<typeof sessions.$inferInsert>) =>
  db.update(sessions).set(patch).where(eq(sessions.id, id)).run();
export const deleteSession = (db: SystemConn, id: string) => db.delete(sessions).where(eq(sessions.id, id)).run();
export const deleteUserSessions = (db: SystemConn, userId: string) => db.delete(sessions).where(eq(sessions.userId, userId)).run();
export const deleteExpiredSessions = (db: SystemConn, now: number) => changes(db.delete(sessions).where(lt(sessions.expiresAt, now)).run());
export const userSessions = (db: SystemConn, userId: string) => db.select().from(sessions).where(eq(sessions.userId, userId)).all();

export const insertAuthToken = (db: SystemConn, row: typeof authTokens.$inferInsert) => db.insert(authTokens).values(row).run();
export const findAuthToken = (db: SystemConn, purpose: AuthTokenRow["purpose"], tokenHash: string) =>
  db.select().from(authTokens).where(and(eq(authTokens.purpose, purpose), eq(authTokens.tokenHash, tokenHash))).get();
/** Marks a token used only if it was unused: returns true for the one caller that wins. */
export const consumeAuthToken = (db: SystemConn, id: string, now: number) =>
  changes(db.update(authTokens).set({ usedAt: now }).where(and(eq(authTokens.id, id), isNull(authTokens.usedAt))).run()) === 1;
export const invalidateUserTokens = (db: SystemConn, userId: string, purpose: AuthTokenRow["purpose"], now: number) =>
  db.update(authTokens).set({ usedAt: now })
    .where(and(eq(authTokens.userId, userId), eq(authTokens.purpose, purpose), isNull(authTokens.usedAt))).run();
export const deleteExpiredAuthTokens = (db: SystemConn, now: number) => changes(db.delete(authTokens).where(lt(authTokens.expiresAt, now)).run());

export const replaceRecoveryCodes = (db: SystemConn, userId: string, rows: (typeof recoveryCodes.$inferInsert)[]) =>
  db.transaction((tx) => {
    tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
    if (rows.length) tx.insert(recoveryCodes).values(rows).run();
  });
export const unusedRecoveryCodes = (db: SystemConn, userId: string) =>
  db.select().from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt))).all();
export const useRecoveryCode = (db: SystemConn, id: string, now: number) =>
  changes(db.update(recoveryCodes).set({ usedAt: now }).where(and(eq(recoveryCodes.id, id), isNull(recoveryCodes.usedAt))).run()) === 1;
