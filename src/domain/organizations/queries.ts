import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import type { SystemConn } from "../../db/system";
import { preparedPer } from "../../db/prepared";
import { invitations, memberships, organizations, users } from "../../db/schema/system";
import type { Role } from "./model";

export type InvitationRow = typeof invitations.$inferSelect;

export const insertOrg = (db: SystemConn, row: typeof organizations.$inferInsert) => db.insert(organizations).values(row).run();
const orgBySlug = preparedPer((db: SystemConn) => db.select().from(organizations).where(eq(organizations.slug, sql.placeholder("slug"))).prepare());
export const findOrgBySlug = (db: SystemConn, slug: string) => orgBySlug(db).get({ slug });
export const findOrgById = (db: SystemConn, id: string) => db.select().from(organizations).where(eq(organizations.id, id)).get();
export const listOrgs = (db: SystemConn) => db.select().from(organizations).orderBy(asc(organizations.name)).all();
export const deleteOrgRow = (db: SystemConn, id: string) => db.delete(organizations).where(eq(organizations.id, id)).run();
export const updateOrg = (db: SystemConn, id: string, patch: Partial<typeof organizations.$inferInsert>) =>
  db.update(organizations).set(patch).where(eq(organizations.id, id)).run();

export const insertMembership = (db: SystemConn, row: typeof memberships.$inferInsert) => db.insert(memberships).values(row).run();
const membership = preparedPer((db: SystemConn) =>
  db.select().from(memberships).where(and(eq(memberships.orgId, sql.placeholder("orgId")), eq(memberships.userId, sql.placeholder("userId")))).prepare());
export const findMembership = (db: SystemConn, orgId: string, userId: string) => membership(db).get({ orgId, userId });
export const setRole = (db: SystemConn, orgId: string, userId: string, role: Role) =>
  db.update(memberships).set({ role }).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId))).run();
export const deleteMembership = (db: SystemConn, orgId: string, userId: string) =>
  db.delete(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId))).run();

const orgsOfUser = preparedPer((db: SystemConn) =>
  db.select({ id: organizations.id, slug: organizations.slug, name: organizations.name, createdAt: organizations.createdAt, role: memberships.role })
    .from(memberships).innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(eq(memberships.userId, sql.placeholder("userId"))).orderBy(asc(organizations.name)).prepare());
export const userOrgs = (db: SystemConn, userId: string) => orgsOfUser(db).all({ userId });

const membersOfOrg = preparedPer((db: SystemConn) =>
  db.select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, createdAt: memberships.createdAt })
    .from(memberships).innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, sql.placeholder("orgId"))).orderBy(asc(memberships.createdAt)).prepare());
export const orgMembers = (db: SystemConn, orgId: string) => membersOfOrg(db).all({ orgId });

export const countMembers = (db: SystemConn, orgId: string) =>
  db.select({ n: sql<number>`count(*)` }).from(memberships).where(eq(memberships.orgId, orgId)).get()!.n;

const pending = (orgId: string, now: number) =>
  and(eq(invitations.orgId, orgId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now));

export const pendingInvitations = (db: SystemConn, orgId: string, now: number) =>
  db.select({ inv: invitations, invitedByEmail: users.email })
    .from(invitations).leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(pending(orgId, now)).orderBy(asc(invitations.createdAt)).all();

export const countPendingInvitations = (db: SystemConn, orgId: string, now: number) =>
  db.select({ n: sql<number>`count(*)` }).from(invitations).where(pending(orgId, now)).get()!.n;

export const findPendingInvitationByEmail = (db: SystemConn, orgId: string, email: string, now: number) =>
  db.select().from(invitations).where(and(pending(orgId, now), eq(invitations.email, email))).get();

export const findInvitation = (db: SystemConn, orgId: string, id: string) =>
  db.select().from(invitations).where(and(eq(invitations.orgId, orgId), eq(invitations.id, id))).get();

export const findInvitationByToken = (db: SystemConn, tokenHash: string) =>
  db.select().from(invitations).where(eq(invitations.tokenHash, tokenHash)).get();

export const insertInvitation = (db: SystemConn, row: typeof invitations.$inferInsert) => db.insert(invitations).values(row).run();
export const updateInvitation = (db: SystemConn, id: string, patch: Partial<typeof invitations.$inferInsert>) =>
  db.update(invitations).set(patch).where(eq(invitations.id, id)).run();
