import type { SystemDb } from "../../db/system";
import type { TenantRegistry } from "../../db/tenants";
import { AppError, invalid } from "../../lib/errors";
import { newId, newSecret, slugify } from "../../lib/ids";
import { sha256Hex } from "../../lib/crypto";
import type { Clock } from "../../lib/time";
import type { Actor } from "../accounts/model";
import { normalizeEmail } from "../accounts/model";
import type { AuditService } from "../audit/service";
import type { Mailer } from "../mail/model";
import { invitationMail } from "./messages";
import { requirePermission } from "../context";
import {
  INVITABLE_ROLES, INVITATION_RESEND_INTERVAL_MS, INVITATION_TTL_MS, MEMBER_LIMIT,
  type Invitation, type InvitableRole, type Member, type Organization, type OrgMembership, type Role,
} from "./model";
import * as q from "./queries";

export interface OrgScope {
  org: Organization;
  role: Role;
  actor: Actor;
}

export interface OrganizationsDeps {
  db: SystemDb;
  tenants: TenantRegistry;
  clock: Clock;
  audit: AuditService;
  mailer: () => Mailer;
  publicUrl: string;
}

export interface InviteResult {
  invitation: Invitation;
  /** The accept link, shown once to the inviter (the token itself is stored hashed). */
  link: string;
  mailError: string | null;
}

const ORG_NAME_MAX = 80;
const SLUG_RE = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;

export function createOrganizationsService(deps: OrganizationsDeps) {
  const { db, clock, audit } = deps;

  function uniqueSlug(base: string): string {
    let slug = base;
    for (let i = 2; q.findOrgBySlug(db, slug); i++) slug = `${base.slice(0, 44)}-${i}`;
    return slug;
  }

  function toInvitation(row: q.InvitationRow, invitedByEmail: string | null): Invitation {
    return { id: row.id, email: row.email, role: row.role, createdAt: row.createdAt, expiresAt: row.expiresAt, lastSentAt: row.lastSentAt, invitedByEmail };
  }

  async function mailInvitation(org: Organization, email: string, inviter: string, token: string) {
    const link = `${deps.publicUrl}/invite/${token}`;
    try {
      await deps.mailer().send(invitationMail(email, org.name, inviter, link));
      return { link, mailError: null };
    } catch (e) {
      return { link, mailError: (e as Error).message };
    }
  }

  const service = {
    create(input: { name: unknown; slug?: unknown }, ownerUserId: string | null, actor: Actor): Organization {
      const name = typeof input.name === "string" ? input.name.trim() : "";
      if (!name) throw invalid("orgName", "Organization name is required.");
      if (name.length > ORG_NAME_MAX) throw invalid("orgName", `Organization name must be at most ${ORG_NAME_MAX} characters.`);
      let slug: string;
      if (input.slug !== undefined && input.slug !== "") {
        if (typeof input.slug !== "string" || !SLUG_RE.test(input.slug)) {
          throw invalid("slug", "Slug must be 1–48 lowercase letters, digits or dashes, not starting or ending with a dash.");
        }
        if (q.findOrgBySlug(db, input.slug)) throw new AppError("ALREADY_EXISTS", `An organization with slug "${input.slug}" exists.`, { field: "slug" });
        slug = input.slug;
      } else slug = uniqueSlug(slugify(name));
      const org: Organization = { id: newId(), slug, name, createdAt: clock.now() };
      // The tenant file first: if it cannot be created, no system row points at a missing database.
      deps.tenants.create(org.id);
      db.transaction((tx) => {
        q.insertOrg(tx, org);
        if (ownerUserId) q.insertMembership(tx, { orgId: org.id, userId: ownerUserId, role: "owner", createdAt: org.createdAt });
      });
      audit.record({ orgId: org.id, actor, action: "organization.created", resource: "settings", resourceId: org.id, details: { name, slug } });
      return org;
    },

    list: (): Organization[] => q.listOrgs(db),
    bySlug: (slug: string) => q.findOrgBySlug(db, slug) ?? null,
    byId: (id: string) => q.findOrgById(db, id) ?? null,
    forUser: (userId: string) => q.userOrgs(db, userId),

    /** The caller's membership in the organization named by slug, or null (unknown org or not a member). */
    membership(userId: string, slug: string): OrgMembership | null {
      const org = q.findOrgBySlug(db, slug);
      if (!org) return null;
      const m = q.findMembership(db, org.id, userId);
      return m ? { org, role: m.role } : null;
    },

    rename(scope: OrgScope, name: unknown): Organization {
      requirePermission(scope, "organization:manage");
      const clean = typeof name === "string" ? name.trim() : "";
      if (!clean) throw invalid("name", "Organization name is required.");
      if (clean.length > ORG_NAME_MAX) throw invalid("name", `Organization name must be at most ${ORG_NAME_MAX} characters.`);
      q.updateOrg(db, scope.org.id, { name: clean });
      audit.record({ orgId: scope.org.id, actor: scope.actor, action: "settings.updated", resource: "settings", resourceId: scope.org.id, details: { setting: "name", from: scope.org.name, to: clean } });
      return { ...scope.org, name: clean };
    },

    /** Hard delete: system rows and the organization's database file. */
    remove(orgId: string, actor: Actor): void {
      const org = q.findOrgById(db, orgId);
      if (!org) throw new AppError("NOT_FOUND", "No such organization.");
      q.deleteOrgRow(db, orgId);
      deps.tenants.destroy(orgId);
      audit.record({ orgId: null, actor, action: "organization.deleted", resource: "instance_settings", resourceId: orgId, details: { name: org.name, slug: org.slug } });
    },

    members: (orgId: string): Member[] => q.orgMembers(db, orgId),

    invitations: (orgId: string): Invitation[] =>
      q.pendingInvitations(db, orgId, clock.now()).map((r) => toInvitation(r.inv, r.invitedByEmail)),

    async invite(scope: OrgScope, input: { email: unknown; role: unknown }): Promise<InviteResult> {
      requirePermission(scope, "organization:manage");
      const email = normalizeEmail(input.email);
      if (!(INVITABLE_ROLES as readonly unknown[]).includes(input.role)) throw invalid("role", "Role must be Admin or Editor.");
      const role = input.role as InvitableRole;
      const now = clock.now();
      if (q.orgMembers(db, scope.org.id).some((m) => m.email === email)) {
        throw new AppError("ALREADY_EXISTS", `${email} is already a member.`, { field: "email" });
      }
      if (q.findPendingInvitationByEmail(db, scope.org.id, email, now)) {
        throw new AppError("ALREADY_EXISTS", `${email} already has a pending invitation; resend it instead.`, { field: "email" });
      }
      if (q.countMembers(db, scope.org.id) + q.countPendingInvitations(db, scope.org.id, now) >= MEMBER_LIMIT) {
        throw new AppError("LIMIT_REACHED", `An organization can have at most ${MEMBER_LIMIT} members (pending invitations count).`);
      }
      const token = newSecret();
      const row = {
        id: newId(), orgId: scope.org.id, email, role, tokenHash: sha256Hex(token), invitedBy: scope.actor.userId,
        createdAt: now, expiresAt: now + INVITATION_TTL_MS, lastSentAt: now,
      };
      q.insertInvitation(db, row);
      audit.record({ orgId: scope.org.id, actor: scope.actor, action: "team_member.invited", resource: "team_member", resourceId: row.id, details: { email, role } });
      const sent = await mailInvitation(scope.org, email, scope.actor.label, token);
      return { invitation: toInvitation({ ...row, acceptedAt: null, revokedAt: null }, scope.actor.label), ...sent };
    },

    /** New token, new mail; at most once a minute per invitation. */
    async resendInvitation(scope: OrgScope, invitationId: string): Promise<InviteResult> {
      requirePermission(scope, "organization:manage");
      const inv = q.findInvitation(db, scope.org.id, invitationId);
      const now = clock.now();
      if (!inv || inv.acceptedAt || inv.revokedAt) throw new AppError("NOT_FOUND", "No such pending invitation.");
      const wait = inv.lastSentAt + INVITATION_RESEND_INTERVAL_MS - now;
      if (wait > 0) throw new AppError("RATE_LIMITED", `This invitation was just sent; you can resend it in ${Math.ceil(wait / 1000)} s.`, { retryAfterMs: wait });
      const token = newSecret();
      q.updateInvitation(db, inv.id, { tokenHash: sha256Hex(token), lastSentAt: now, expiresAt: now + INVITATION_TTL_MS });
      audit.record({ orgId: scope.org.id, actor: scope.actor, action: "team_member.invitation_resent", resource: "team_member", resourceId: inv.id, details: { email: inv.email } });
      const sent = await mailInvitation(scope.org, inv.email, scope.actor.label, token);
      return { invitation: toInvitation({ ...inv, lastSentAt: now, expiresAt: now + INVITATION_TTL_MS }, null), ...sent };
    },

    revokeInvitation(scope: OrgScope, invitationId: string): void {
      requirePermission(scope, "organization:manage");
      const inv = q.findInvitation(db, scope.org.id, invitationId);
      if (!inv || inv.acceptedAt || inv.revokedAt) throw new AppError("NOT_FOUND", "No such pending invitation.");
      q.updateInvitation(db, inv.id, { revokedAt: clock.now() });
      audit.record({ orgId: scope.org.id, actor: scope.actor, action: "team_member.invitation_revoked", resource: "team_member", resourceId: inv.id, details: { email: inv.email } });
    },

    /** The invitation a token points at, if it can still be accepted. */
    invitationByToken(token: string): { invitation: q.InvitationRow; org: Organization } | null {
      const inv = q.findInvitationByToken(db, sha256Hex(token));
      if (!inv || inv.acceptedAt || inv.revokedAt || inv.expiresAt <= clock.now()) return null;
      const org = q.findOrgById(db, inv.orgId);
      return org ? { invitation: inv, org } : null;
    },

    acceptInvitation(token: string, user: { id: string; email: string }, actor: Actor): Organization {
      const found = service.invitationByToken(token);
      if (!found) throw new AppError("NOT_FOUND", "This invitation link is invalid, expired or already used.");
      const { invitation, org } = found;
      if (invitation.email !== user.email) {
        throw new AppError("FORBIDDEN", `This invitation is for ${invitation.email}; sign in with that address to accept it.`);
      }
      const now = clock.now();
      db.transaction((tx) => {
        if (!q.findMembership(tx, org.id, user.id)) q.insertMembership(tx, { orgId: org.id, userId: user.id, role: invitation.role, createdAt: now });
        q.updateInvitation(tx, invitation.id, { acceptedAt: now });
      });
      audit.record({ orgId: org.id, actor, action: "team_member.joined", resource: "team_member", resourceId: user.id, details: { email: user.email, role: invitation.role } });
      return org;
    },

    changeRole(scope: OrgScope, userId: string, role: unknown): void {
      if (scope.role !== "owner") throw new AppError("FORBIDDEN", "Only the owner can change roles.");
      if (role !== "admin" && role !== "editor") throw invalid("role", "Role must be Admin or Editor; use Transfer ownership to make someone the owner.");
      if (userId === scope.actor.userId) throw new AppError("FORBIDDEN", "You cannot change your own role.");
      const m = q.findMembership(db, scope.org.id, userId);
      if (!m) throw new AppError("NOT_FOUND", "No such member.");
      if (m.role === role) return;
      q.setRole(db, scope.org.id, userId, role);
      audit.record({ orgId: scope.org.id, actor: scope.actor, action: "team_member.role_changed", resource: "team_member", resourceId: userId, details: { from: m.role, to: role } });
    },

    removeMember(scope: OrgScope, userId: string): void {
      if (userId === scope.actor.userId) throw new AppError("FORBIDDEN", "You cannot remove yourself.");
      const m = q.findMembership(db, scope.org.id, userId);
      if (!m) throw new AppError("NOT_FOUND", "No such member.");
      const allowed = scope.role === "owner" || (scope.role === "admin" && m.role === "editor");
      if (!allowed) throw new AppError("FORBIDDEN", scope.role === "admin" ? "Admins can remove editors only." : "Only the owner or an admin can remove members.");
      q.deleteMembership(db, scope.org.id, userId);
      audit.record({ orgId: scope.org.id, actor: scope.actor, action: "team_member.removed", resource: "team_member", resourceId: userId, details: { role: m.role } });
    },

    transferOwnership(scope: OrgScope, userId: string): void {
      if (scope.role !== "owner") throw new AppError("FORBIDDEN", "Only the owner can transfer ownership.");
      if (userId === scope.actor.userId) throw invalid("userId", "Choose another member.");
      const m = q.findMembership(db, scope.org.id, userId);
      if (!m) throw new AppError("NOT_FOUND", "No such member.");
      db.transaction((tx) => {
        q.setRole(tx, scope.org.id, userId, "owner");
        q.setRole(tx, scope.org.id, scope.actor.userId!, "admin");
      });
      audit.record({ orgId: scope.org.id, actor: scope.actor, action: "team_member.ownership_transferred", resource: "team_member", resourceId: userId, details: { from: scope.actor.label } });
    },

    /** Used by `owlat admin create` / setup: make a user owner of an organization. */
    addOwner(orgId: string, userId: string): void {
      if (!q.findMembership(db, orgId, userId)) q.insertMembership(db, { orgId, userId, role: "owner", createdAt: clock.now() });
    },
  };
  return service;
}

export type OrganizationsService = ReturnType<typeof createOrganizationsService>;
