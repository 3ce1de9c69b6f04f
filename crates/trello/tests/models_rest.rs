//! Typed models of the rest of the API (members, Workspaces, enterprises,
//! notifications, tokens, webhooks, Power-Ups, search, emoji, member
//! assets, exports, compliance, batch), decoded from fixtures shaped like
//! Trello's responses.

use chrono::{DateTime, TimeZone, Utc};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use trello::models::*;
use trello::{ParamKind, ParamValue};

/// Reads `tests/fixtures/{name}` and decodes it, naming the JSON path on
/// failure.
fn fixture<T: DeserializeOwned>(name: &str) -> T {
    let text = fixture_text(name);
    decode(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn fixture_text(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn decode<T: DeserializeOwned>(
    text: &str,
) -> Result<T, serde_path_to_error::Error<serde_json::Error>> {
    serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(text))
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, ms: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
        .single()
        .expect("valid date")
        + chrono::Duration::milliseconds(ms)
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// Serializes and decodes again, which must give the same value.
fn round_trip<T>(value: &T)
where
    T: serde::Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let written = serde_json::to_value(value).expect("serialize");
    let again: T = serde_json::from_value(written).expect("deserialize");
    assert_eq!(&again, value);
}

#[test]
fn member_with_prefs_limits_and_nested_collections() {
    let member: Member = fixture("member_full.json");

    assert_eq!(member.id, "5c4a7e9d2b1f0a3e8d6c5b47");
    assert_eq!(member.username.as_deref(), Some("samwrites"));
    assert_eq!(member.full_name.as_deref(), Some("Sam Writer"));
    assert_eq!(member.initials.as_deref(), Some("SW"));
    assert_eq!(
        member.avatar_hash.as_deref(),
        Some("3b9d2f41c07a8e65d1f0b2a97c4e8d13")
    );
    assert!(
        member
            .avatar_url
            .as_deref()
            .is_some_and(|u| u.ends_with("/3b9d2f41c07a8e65d1f0b2a97c4e8d13"))
    );
    assert_eq!(member.avatar_source, Some(AvatarSource::Upload));
    assert_eq!(
        member.bio.as_deref(),
        Some("Platform team. Ask me about rate limits.")
    );
    assert_eq!(member.bio_data, Some(json!({"emoji": {}})));
    assert_eq!(member.url.as_deref(), Some("https://trello.com/samwrites"));
    assert_eq!(member.email.as_deref(), Some("sam.writer@example.com"));
    assert_eq!(member.confirmed, Some(true));
    assert_eq!(member.member_type, Some(MemberType::Normal));
    assert_eq!(member.status, Some(MemberStatus::Active));
    assert_eq!(member.activity_blocked, Some(false));
    // Nulls are absent.
    assert_eq!(member.id_enterprise, None);
    assert_eq!(member.id_member_referrer, None);
    assert_eq!(member.id_boards_pinned, None);
    assert_eq!(member.aa_email, None);
    // An empty date is absent too.
    assert_eq!(member.aa_enrolled_date, None);
    assert_eq!(member.is_aa_mastered, Some(true));
    assert_eq!(member.id_enterprises_admin, Some(vec![]));
    assert_eq!(
        member.id_boards,
        Some(strings(&[
            "65f1c0a2b7e4d93a1c2e4f10",
            "65f1c0a2b7e4d93a1c2e4f77"
        ]))
    );
    assert_eq!(
        member.id_organizations,
        Some(strings(&["60b7e2c4a1d3f58e9c0b4a21"]))
    );
    assert_eq!(member.products, Some(vec![10, 37]));
    assert_eq!(member.login_types, Some(strings(&["password", "saml"])));
    assert_eq!(member.premium_features.as_ref().map(Vec::len), Some(3));
    // ixUpdate arrives as a string.
    assert_eq!(member.ix_update, Some(3817));
    assert_eq!(
        member.date_last_active,
        Some(utc(2024, 5, 14, 9, 30, 12, 4))
    );

    let non_public = member.non_public.as_ref().expect("nonPublic");
    assert_eq!(non_public.full_name.as_deref(), Some("Samantha Writer"));
    assert_eq!(non_public.initials.as_deref(), Some("SAW"));
    assert_eq!(non_public.avatar_url, None);

    let prefs = member.prefs.as_ref().expect("prefs");
    assert_eq!(prefs.locale.as_deref(), Some("en-GB"));
    assert_eq!(prefs.timezone.as_deref(), Some("Europe/Paris"));
    assert_eq!(prefs.minutes_between_summaries, Some(-1));
    assert_eq!(prefs.minutes_before_deadline_to_notify, Some(1440));
    assert_eq!(prefs.send_summaries, Some(true));
    assert_eq!(prefs.color_blind, Some(false));
    let tz = prefs.timezone_info.as_ref().expect("timezoneInfo");
    assert_eq!(tz.offset_current, Some(-120));
    assert_eq!(tz.timezone_current.as_deref(), Some("CEST"));
    assert_eq!(tz.offset_next, Some(-60));
    assert_eq!(tz.date_next, Some(utc(2024, 10, 27, 1, 0, 0, 0)));
    let privacy = prefs.privacy.as_ref().expect("privacy");
    assert_eq!(privacy.full_name, Some(ProfileVisibility::Public));
    assert_eq!(privacy.avatar, Some(ProfileVisibility::Collaborator));
    let two_factor = prefs.two_factor.as_ref().expect("twoFactor");
    assert_eq!(
        (two_factor.enabled, two_factor.needs_new_backups),
        (Some(true), Some(false))
    );
    assert_eq!(
        prefs.extra.get("keyboardShortcutsEnabled"),
        Some(&json!(true))
    );

    let limits = member.limits.as_ref().expect("limits");
    let boards = &limits["boards"]["totalPerMember"];
    assert_eq!(boards.status, Some(LimitStatus::Ok));
    assert_eq!(
        (boards.disable_at, boards.warn_at),
        (Some(4500), Some(3600))
    );
    assert_eq!(boards.count, None);
    let orgs = &limits["orgs"]["totalPerMember"];
    assert_eq!(orgs.status, Some(LimitStatus::Warning));
    // disableAt arrives as a string.
    assert_eq!(orgs.disable_at, Some(850));
    assert_eq!(orgs.count, Some(701));

    // Unknown fields are kept, known ones stay out of extra.
    assert_eq!(
        member.extra["marketingOptIn"],
        json!({"optedIn": false, "date": "2021-03-02T10:15:00.000Z"})
    );
    assert_eq!(
        member.extra["messagesDismissed"][0]["name"],
        json!("close-board-warning")
    );
    assert!(!member.extra.contains_key("prefs"));
    assert!(!member.extra.contains_key("boardStars"));

    // Nested collections asked for.
    let stars = member.board_stars.as_deref().expect("boardStars");
    assert_eq!(
        stars[0].id_board.as_deref(),
        Some("65f1c0a2b7e4d93a1c2e4f10")
    );
    assert_eq!(stars[0].pos, Some(16384.0));
    let searches = member.saved_searches.as_deref().expect("savedSearches");
    assert_eq!(searches[0].query.as_deref(), Some("@me is:open"));
    assert_eq!(searches[0].pos, Some(65535.0));
    let emoji = member.custom_emoji.as_deref().expect("customEmoji");
    assert_eq!(emoji[0].name.as_deref(), Some("shipit"));
    let boards = member.boards.as_deref().expect("boards");
    assert_eq!(boards.len(), 2);
    assert_eq!(boards[1].name.as_deref(), Some("Hiring"));
    assert_eq!(boards[1].closed, Some(true));
    assert_eq!(member.organizations, None, "not asked for");
    assert_eq!(member.tokens, None);

    round_trip(&member);
}

#[test]
fn organization_with_prefs_restrictions_and_memberships() {
    let org: Organization = fixture("organization.json");

    assert_eq!(org.id, "60b7e2c4a1d3f58e9c0b4a21");
    assert_eq!(org.name.as_deref(), Some("acmeplatform"));
    assert_eq!(org.display_name.as_deref(), Some("Acme Platform"));
    assert_eq!(
        org.desc.as_deref(),
        Some("Everything the platform team ships.")
    );
    assert_eq!(
        org.url.as_deref(),
        Some("https://trello.com/w/acmeplatform")
    );
    assert_eq!(org.website.as_deref(), Some("https://platform.example.com"));
    assert_eq!(org.team_type.as_deref(), Some("engineering-it"));
    assert_eq!(
        org.logo_hash.as_deref(),
        Some("d41d8cd98f00b204e9800998ecf8427e")
    );
    assert_eq!(org.id_enterprise, None);
    assert_eq!(org.id_boards.as_ref().map(Vec::len), Some(2));
    assert_eq!(org.products, Some(vec![110]));
    assert_eq!(org.power_ups, Some(vec![]));
    // Counts as a string and as a number; null counts are absent.
    assert_eq!(org.billable_member_count, Some(7));
    assert_eq!(org.active_billable_member_count, Some(5));
    assert_eq!(org.billable_collaborator_count, Some(0));
    assert_eq!(org.available_license_count, None);
    assert_eq!(
        org.date_last_activity,
        Some(utc(2024, 5, 13, 16, 45, 2, 711))
    );
    assert_eq!(org.extra.get("offering"), Some(&json!("trello.standard")));

    let memberships = org.memberships.as_deref().expect("memberships");
    assert_eq!(memberships.len(), 2);
    assert_eq!(memberships[0].member_type, Some(MembershipType::Admin));
    assert_eq!(memberships[1].unconfirmed, Some(true));

    let prefs = org.prefs.as_ref().expect("prefs");
    assert_eq!(prefs.permission_level, Some(PermissionLevel::Private));
    assert_eq!(
        prefs.org_invite_restrict,
        Some(strings(&["email,example.com"]))
    );
    assert_eq!(prefs.external_members_disabled, Some(false));
    assert_eq!(prefs.associated_domain, None);
    assert_eq!(prefs.google_apps_version, Some(1));
    assert_eq!(prefs.attachment_restrictions, None);
    assert_eq!(prefs.board_invite_restrict.as_deref(), Some("any"));
    assert_eq!(prefs.extra.get("canShare"), Some(&json!(true)));
    let visibility = prefs
        .board_visibility_restrict
        .as_ref()
        .expect("visibility");
    assert_eq!(visibility.private, Some(RestrictionLevel::Org));
    assert_eq!(visibility.org, Some(RestrictionLevel::Admin));
    assert_eq!(visibility.public, Some(RestrictionLevel::Nobody));
    let delete = prefs.board_delete_restrict.as_ref().expect("delete");
    // A restriction level this version does not know is preserved.
    assert_eq!(delete.public, Some(RestrictionLevel::Other("owner".into())));

    let limits = org.limits.as_ref().expect("limits");
    assert_eq!(limits["orgs"]["freeBoardsPerOrg"].disable_at, Some(10));
    assert_eq!(limits["orgs"].len(), 2);

    round_trip(&org);
}

#[test]
fn enterprise_with_prefs_licenses_and_idp() {
    let ent: Enterprise = fixture("enterprise.json");

    assert_eq!(ent.id, "61c3d5e7f9a1b3c5d7e9f1a3");
    assert_eq!(ent.name.as_deref(), Some("acmecorp"));
    assert_eq!(ent.display_name.as_deref(), Some("Acme Corporation"));
    assert_eq!(ent.logo_hash, None);
    assert_eq!(ent.sso_activation_failed, Some(false));
    assert_eq!(ent.id_admins, Some(strings(&["5c4a7e9d2b1f0a3e8d6c5b47"])));
    assert_eq!(ent.id_members.as_ref().map(Vec::len), Some(2));
    assert_eq!(
        ent.id_organizations,
        Some(strings(&["60b7e2c4a1d3f58e9c0b4a21"]))
    );
    assert_eq!(ent.enterprise_domains, Some(strings(&["acme.example"])));
    assert_eq!(ent.is_real_enterprise, Some(true));
    assert_eq!(ent.products, Some(vec![201]));
    assert_eq!(
        ent.date_organization_prefs_last_updated,
        Some(utc(2023, 11, 20, 12, 0, 41, 907))
    );
    assert_eq!(
        ent.extra.get("pluginWhitelistingEnabled"),
        Some(&json!(false))
    );

    let prefs = ent.prefs.as_ref().expect("prefs");
    assert_eq!(prefs.sso_only, Some(true));
    // A null date.
    assert_eq!(prefs.mandatory_transfer_date, None);
    assert_eq!(prefs.max_members, None);
    assert_eq!(prefs.branding_color.as_deref(), Some("#0052cc"));
    assert_eq!(prefs.notifications, Some(json!({})));
    let signup = prefs.signup.as_ref().expect("signup");
    assert_eq!(
        signup.banner.as_deref(),
        Some("Use your **acme.example** account.")
    );
    assert!(
        signup
            .banner_html
            .as_deref()
            .is_some_and(|h| h.starts_with("<p>"))
    );
    assert_eq!(
        prefs.extra.get("personalBoardsRestricted"),
        Some(&json!(true))
    );

    let org_prefs = ent.organization_prefs.as_ref().expect("organizationPrefs");
    assert_eq!(
        org_prefs.attachment_restrictions,
        Some(strings(&["computer", "trello", "link"]))
    );
    let visibility = org_prefs
        .board_visibility_restrict
        .as_ref()
        .expect("visibility");
    assert_eq!(visibility.enterprise, Some(RestrictionLevel::Org));
    assert_eq!(visibility.public, Some(RestrictionLevel::Admin));
    assert_eq!(
        org_prefs.board_delete_restrict,
        Some(BoardRestrictions::default())
    );

    let licenses = ent.licenses.as_ref().expect("licenses");
    assert_eq!(licenses.max_members, None);
    assert_eq!(licenses.total_members, Some(2));
    let related = licenses.related_enterprises.as_deref().expect("related");
    assert_eq!(related[0].display_name.as_deref(), Some("Acme Labs"));
    assert_eq!(related[0].count, Some(14));

    let idp = ent.idp.as_ref().expect("idp");
    assert_eq!(idp.request_signed, Some(true));
    assert_eq!(idp.certificate, None);
    assert_eq!(
        idp.login_url.as_deref(),
        Some("https://sso.acme.example/saml/login")
    );

    round_trip(&ent);
}

#[test]
fn enterprise_audit_log_and_admins() {
    let log: Vec<EnterpriseAuditLogEntry> = fixture("enterprise_auditlog.json");
    assert_eq!(log.len(), 2);

    let joined = &log[0];
    assert_eq!(
        joined.id_action.as_deref(),
        Some("66411f0a9b8c7d6e5f4a3b21")
    );
    assert_eq!(
        joined.action_type,
        Some(ActionType::AddOrganizationToEnterprise)
    );
    assert_eq!(joined.date, Some(utc(2024, 5, 12, 14, 3, 11, 250)));
    let creator = joined.member_creator.as_ref().expect("memberCreator");
    assert_eq!(creator.username.as_deref(), Some("samwrites"));
    let org = joined.organization.as_ref().expect("organization");
    assert_eq!(org.name.as_deref(), Some("acmeplatform"));
    let request = org.enterprise_join_request.as_ref().expect("join request");
    assert_eq!(
        request.id_member.as_deref(),
        Some("5b02e7f4e1facdc393169f9d")
    );
    assert_eq!(request.date, Some(utc(2024, 5, 10, 8, 0, 0, 0)));
    assert_eq!(joined.member, None);

    let deactivated = &log[1];
    // An action type this version does not know is preserved.
    assert_eq!(
        deactivated.action_type,
        Some(ActionType::Other("deactivateEnterpriseMember".into()))
    );
    assert_eq!(
        deactivated
            .member
            .as_ref()
            .and_then(|m| m.full_name.as_deref()),
        Some("Jordan Quill")
    );
    assert_eq!(
        deactivated.extra.get("ipAddress"),
        Some(&json!("203.0.113.7"))
    );

    let admins: Vec<EnterpriseAdmin> = fixture("enterprise_admins.json");
    assert_eq!(admins.len(), 2);
    assert_eq!(admins[0].full_name.as_deref(), Some("Sam Writer"));
    assert_eq!(admins[1].username.as_deref(), Some("rileyadmin"));
    assert_eq!(
        admins[1].extra.get("idEnterprise"),
        Some(&json!("61c3d5e7f9a1b3c5d7e9f1a3"))
    );
}

#[test]
fn enterprise_claimable_pending_and_signup() {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Answers {
        claimable: ClaimableOrganizations,
        pending: Vec<PendingOrganization>,
        signup_url: EnterpriseSignupUrl,
    }
    let answers: Answers = fixture("enterprise_organizations.json");

    let claimable = &answers.claimable;
    assert_eq!(claimable.claimable_count, Some(1));
    let org = &claimable.organizations.as_deref().expect("organizations")[0];
    assert_eq!(org.id, "62a4b6c8d0e2f4a6b8c0d2e4");
    assert_eq!(org.display_name.as_deref(), Some("Acme Design"));
    assert_eq!(org.active_membership_count, Some(6));
    assert_eq!(org.products, Some(vec![]));
    assert_eq!(org.logo_url, None);
    assert_eq!(org.date_last_active, Some(utc(2024, 4, 30, 17, 22, 10, 0)));

    let pending = &answers.pending[0];
    assert_eq!(pending.display_name.as_deref(), Some("Acme Research"));
    assert_eq!(pending.membership_count, Some(3));
    assert_eq!(
        pending
            .member_requestor
            .as_ref()
            .and_then(|m| m.full_name.as_deref()),
        Some("Jordan Quill")
    );
    let transfer = pending.transferability.as_ref().expect("transferability");
    assert_eq!(transfer.transferrable, Some(false));
    let billable = transfer.new_billable_members.as_deref().expect("billable");
    assert_eq!(billable[0].username.as_deref(), Some("caseyg"));
    assert_eq!(billable[0].avatar_hash, None);
    assert_eq!(transfer.restricted_members, Some(vec![]));

    assert_eq!(
        answers.signup_url.signup_url.as_deref(),
        Some("https://trello.com/enterprises/acmecorp/signup?returnUrl=%2F")
    );
}

#[test]
fn notifications_of_known_and_unknown_types() {
    let notifications: Vec<Notification> = fixture("notifications.json");
    assert_eq!(notifications.len(), 3);

    let due = &notifications[0];
    assert_eq!(due.id, "6643301a2b3c4d5e6f7a8b90");
    assert_eq!(due.notification_type, Some(NotificationType::CardDueSoon));
    assert_eq!(due.unread, Some(true));
    assert_eq!(due.date, Some(utc(2024, 5, 31, 17, 0, 0, 512)));
    // A null date.
    assert_eq!(due.date_read, None);
    assert_eq!(due.id_member_creator, None);
    assert_eq!(due.member_creator, None);
    assert_eq!(due.reactions, Some(vec![]));
    let data = due.data.as_ref().expect("data");
    let card = data.card.as_ref().expect("card");
    assert_eq!(card.name.as_deref(), Some("Rotate API keys"));
    assert_eq!(card.due, Some(utc(2024, 6, 1, 17, 0, 0, 0)));
    assert_eq!(
        data.board.as_ref().and_then(|b| b.short_link.as_deref()),
        Some("Xk3pQ9aZ")
    );

    let mention = &notifications[1];
    assert_eq!(
        mention.notification_type,
        Some(NotificationType::MentionedOnCard)
    );
    assert_eq!(mention.unread, Some(false));
    assert_eq!(mention.date_read, Some(utc(2024, 5, 14, 9, 31, 2, 0)));
    assert_eq!(
        mention.data.as_ref().and_then(|d| d.text.as_deref()),
        Some("@samwrites can you review the key rotation runbook?")
    );
    let creator = mention.member_creator.as_ref().expect("memberCreator");
    assert_eq!(creator.id, "5b02e7f4e1facdc393169f9d");
    assert_eq!(creator.full_name.as_deref(), Some("Jordan Quill"));
    assert_eq!(
        mention.id_action.as_deref(),
        Some("6643290c8e2f1a4b5c6d7e81")
    );
    let reactions = mention.reactions.as_deref().expect("reactions");
    assert_eq!(reactions[0].id_emoji.as_deref(), Some("1F44D"));
    assert_eq!(mention.extra.get("appCreator"), Some(&Value::Null));

    let automation = &notifications[2];
    // A notification type this version does not know is preserved.
    assert_eq!(
        automation.notification_type,
        Some(NotificationType::Other("boardAutomationFailed".into()))
    );
    assert_eq!(
        automation.data.as_ref().map(|d| &d.extra["ruleName"]),
        Some(&json!("Archive done cards on Friday"))
    );
    assert_eq!(automation.date_read, None, "missing date");
    assert_eq!(automation.reactions, None);

    round_trip(&notifications);
}

#[test]
fn notification_channel_settings_keep_unknown_keys() {
    let settings: Vec<NotificationChannelSettings> = fixture("notification_channel_settings.json");
    let email = &settings[0];
    assert_eq!(email.id, "6603c4d5e6f708192a3b4c5d");
    assert_eq!(email.id_member.as_deref(), Some("5c4a7e9d2b1f0a3e8d6c5b47"));
    assert_eq!(email.channel, Some(NotificationChannel::Email));
    assert_eq!(
        email.blocked_keys,
        Some(vec![
            NotificationBlockedKey::CardDueSoon,
            NotificationBlockedKey::MovedCard,
            NotificationBlockedKey::Other("notification_reaction_added".into()),
        ])
    );
}

#[test]
fn token_info_with_wildcard_permissions_and_webhooks() {
    let token: TokenInfo = fixture("token.json");

    assert_eq!(token.id, "6640a1b2c3d4e5f60718293a");
    assert_eq!(token.identifier.as_deref(), Some("Release notes bot"));
    assert_eq!(token.id_member.as_deref(), Some("5c4a7e9d2b1f0a3e8d6c5b47"));
    assert_eq!(token.date_created, Some(utc(2024, 5, 12, 8, 14, 27, 903)));
    // A token that never expires.
    assert_eq!(token.date_expires, None);
    assert_eq!(
        token.extra.get("origin"),
        Some(&json!("https://bots.example.com"))
    );

    let permissions = token.permissions.as_deref().expect("permissions");
    assert_eq!(permissions.len(), 4);
    assert_eq!(permissions[0].model_type, Some(TokenModelType::Member));
    assert!(!permissions[0].is_wildcard());
    assert_eq!(
        (permissions[0].read, permissions[0].write),
        (Some(true), Some(true))
    );
    assert_eq!(permissions[1].model_type, Some(TokenModelType::Board));
    assert!(permissions[1].is_wildcard());
    assert_eq!(permissions[1].write, Some(false));
    assert_eq!(
        permissions[2].model_type,
        Some(TokenModelType::Organization)
    );
    assert_eq!(
        permissions[3].model_type,
        Some(TokenModelType::Other("workspace".into()))
    );

    let webhooks = token.webhooks.as_deref().expect("webhooks");
    assert_eq!(
        webhooks[0].callback_url.as_deref(),
        Some("https://hooks.example.com/trello/roadmap")
    );

    round_trip(&token);
}

#[test]
fn webhooks_active_and_failing() {
    let webhooks: Vec<Webhook> = fixture("webhooks.json");
    assert_eq!(webhooks.len(), 2);

    let ok = &webhooks[0];
    assert_eq!(ok.id, "6641b2c3d4e5f60718293a4b");
    assert_eq!(ok.description.as_deref(), Some("Roadmap board events"));
    assert_eq!(ok.id_model.as_deref(), Some("65f1c0a2b7e4d93a1c2e4f10"));
    assert_eq!(
        ok.callback_url.as_deref(),
        Some("https://hooks.example.com/trello/roadmap")
    );
    assert_eq!(ok.active, Some(true));
    assert_eq!(ok.consecutive_failures, Some(0));
    assert_eq!(ok.first_consecutive_fail_date, None);

    let failing = &webhooks[1];
    assert_eq!(failing.description.as_deref(), Some(""));
    assert_eq!(failing.active, Some(false));
    // The count arrives as a string.
    assert_eq!(failing.consecutive_failures, Some(31));
    assert_eq!(
        failing.first_consecutive_fail_date,
        Some(utc(2024, 5, 11, 22, 48, 3, 117))
    );
    assert_eq!(
        failing.extra.get("idMemberCreator"),
        Some(&json!("5c4a7e9d2b1f0a3e8d6c5b47"))
    );

    // The wire name `callbackURL` is kept when writing.
    let written = serde_json::to_value(failing).expect("serialize");
    assert_eq!(
        written["callbackURL"],
        json!("https://hooks.example.com/trello/card?source=trello")
    );
    assert!(written.get("callbackUrl").is_none());
    round_trip(&webhooks);
}

#[test]
fn plugin_with_listings() {
    let plugin: Plugin = fixture("plugin.json");

    assert_eq!(plugin.id, "5f2b8c9d0e1f2a3b4c5d6e7f");
    assert_eq!(plugin.name.as_deref(), Some("Release Radar"));
    assert_eq!(plugin.author.as_deref(), Some("Acme Platform"));
    assert_eq!(
        plugin.id_organization_owner.as_deref(),
        Some("60b7e2c4a1d3f58e9c0b4a21")
    );
    assert_eq!(
        plugin.iframe_connector_url.as_deref(),
        Some("https://release-radar.example.com/connector.html")
    );
    assert_eq!(
        plugin.capabilities.as_ref().map(Vec::len),
        Some(4),
        "capabilities"
    );
    assert_eq!(
        plugin.categories,
        Some(strings(&["developer-tools", "automation"]))
    );
    assert_eq!(plugin.public, Some(true));
    assert_eq!(plugin.moderated_state.as_deref(), Some("approved"));
    assert_eq!(
        plugin.privacy_url.as_deref(),
        Some("https://release-radar.example.com/privacy")
    );
    assert_eq!(
        plugin.hero_image_url.as_ref().map(|h| &h["@2x"]),
        Some(&json!("https://release-radar.example.com/hero@2x.png"))
    );
    assert_eq!(plugin.extra["usageBrackets"]["boards"], json!(212));

    let listings = plugin.listings.as_deref().expect("listings");
    assert_eq!(listings.len(), 2);
    assert_eq!(listings[0].locale.as_deref(), Some("en-US"));
    assert_eq!(
        listings[0].overview.as_deref(),
        Some("See which cards shipped in which release.")
    );
    assert_eq!(listings[1].name.as_deref(), Some("Radar des versions"));
    assert_eq!(listings[1].description, None);

    round_trip(&plugin);
}

#[test]
fn plugin_data_with_json_values() {
    let data: Vec<PluginData> = fixture("plugin_data.json");

    let board = &data[0];
    assert_eq!(board.id_plugin.as_deref(), Some("5f2b8c9d0e1f2a3b4c5d6e7f"));
    assert_eq!(board.scope, Some(PluginDataScope::Board));
    assert_eq!(board.access, Some(PluginDataAccess::Shared));
    assert_eq!(
        board.value.as_deref(),
        Some(r#"{"repo":"acme/platform","lastSync":1715677200}"#)
    );
    let value = board
        .value_json()
        .expect("a value")
        .expect("the value is JSON");
    assert_eq!(value["repo"], json!("acme/platform"));

    let other = &data[1];
    // A scope this version does not know is preserved.
    assert_eq!(
        other.scope,
        Some(PluginDataScope::Other("enterprise".into()))
    );
    assert_eq!(other.access, Some(PluginDataAccess::Private));
    assert!(matches!(other.value_json(), Some(Err(_))), "not JSON");
}

#[test]
fn search_results_of_every_kind() {
    let results: SearchResults = fixture("search_results.json");

    let options = results.options.as_ref().expect("options");
    let terms = options.terms.as_deref().expect("terms");
    assert_eq!(terms.len(), 2);
    assert_eq!(terms[0].text.as_deref(), Some("rotate"));
    assert_eq!(terms[1].negated, Some(false));
    assert_eq!(options.modifiers, Some(vec![]));
    assert_eq!(options.model_types.as_ref().map(Vec::len), Some(5));
    assert_eq!(options.partial, Some(false));

    let boards = results.boards.as_deref().expect("boards");
    assert_eq!(boards[0].name.as_deref(), Some("Platform roadmap"));
    assert_eq!(
        boards[0].id_organization.as_deref(),
        Some("60b7e2c4a1d3f58e9c0b4a21")
    );

    let cards = results.cards.as_deref().expect("cards");
    assert_eq!(cards[0].id_short, Some(12));
    assert_eq!(cards[0].pos, Some(16384.0));
    assert_eq!(cards[0].due, Some(utc(2024, 6, 1, 17, 0, 0, 0)));
    assert_eq!(
        cards[0].badges.as_ref().and_then(|b| b.check_items_checked),
        Some(1)
    );

    let members = results.members.as_deref().expect("members");
    assert_eq!(members[0].username.as_deref(), Some("samwrites"));
    assert_eq!(members[0].member_type, Some(MemberType::Normal));
    assert_eq!(members[0].extra.get("similarity"), Some(&json!(12)));

    let orgs = results.organizations.as_deref().expect("organizations");
    assert_eq!(orgs[0].display_name.as_deref(), Some("Acme Platform"));

    let actions = results.actions.as_deref().expect("actions");
    assert_eq!(actions[0].action_type, Some(ActionType::CommentCard));
    assert_eq!(
        actions[0]
            .data
            .as_ref()
            .and_then(|d| d.card.as_ref())
            .map(|c| c.id.as_str()),
        Some("65f1c0c4d9a6fb5c3e4a6131")
    );

    round_trip(&results);
}

#[test]
fn a_wrong_type_deep_in_search_results_names_its_path() {
    let err = decode::<SearchResults>(&fixture_text("search_wrong_type.json"))
        .expect_err("an object is no vote count");
    assert_eq!(err.path().to_string(), "cards[1].badges.votes");
    let message = err.inner().to_string();
    assert!(message.contains("whole number"), "{message}");
}

#[test]
fn emoji_list_with_skin_variations_and_custom_emoji() {
    let emoji: Emoji = fixture("emoji.json");

    let trello = emoji.trello.as_deref().expect("trello");
    assert_eq!(trello.len(), 2);
    let grin = &trello[0];
    assert_eq!(grin.unified.as_deref(), Some("1F600"));
    assert_eq!(grin.native.as_deref(), Some("😀"));
    assert_eq!(grin.name.as_deref(), Some("GRINNING FACE"));
    assert_eq!(grin.short_name.as_deref(), Some("grinning"));
    assert_eq!(grin.text.as_deref(), Some(":D"));
    assert_eq!(grin.texts, None);
    assert_eq!((grin.sheet_x, grin.sheet_y), (Some(30), Some(24)));
    assert_eq!(grin.keywords.as_ref().map(Vec::len), Some(3));
    assert_eq!(grin.skin_variations, None);

    let thumbs = &trello[1];
    assert_eq!(thumbs.short_names, Some(strings(&["+1", "thumbsup"])));
    // sheetX as a string.
    assert_eq!(thumbs.sheet_x, Some(13));
    assert_eq!(thumbs.text, None);
    let skins = thumbs.skin_variations.as_ref().expect("skinVariations");
    assert_eq!(skins.len(), 2);
    let medium = &skins["1F3FD"];
    assert_eq!(medium.unified.as_deref(), Some("1F44D-1F3FD"));
    assert_eq!(medium.native.as_deref(), Some("👍🏽"));
    assert_eq!(medium.sheet_y, Some(29));
    assert_eq!(medium.extra.get("obsoletedBy"), Some(&Value::Null));
    assert_eq!(thumbs.extra.get("obsoletes"), Some(&Value::Null));

    let custom = emoji.custom.as_deref().expect("custom");
    assert_eq!(custom[0].id, "6602b3c4d5e6f708192a3b4c");
    assert_eq!(custom[0].name.as_deref(), Some("shipit"));
    assert!(
        custom[0]
            .url
            .as_deref()
            .is_some_and(|u| u.ends_with("/shipit.png"))
    );
    assert_eq!(
        emoji.extra["spritesheets"]["apple"],
        json!("https://a.trellocdn.com/prgb/assets/emoji-apple-64.png")
    );

    round_trip(&emoji);
}

#[test]
fn board_backgrounds_of_each_type() {
    let backgrounds: Vec<BoardBackground> = fixture("board_backgrounds.json");
    assert_eq!(backgrounds.len(), 3);

    let color = &backgrounds[0];
    assert_eq!(color.id, "blue");
    assert_eq!(color.background_type, Some(BoardBackgroundType::Default));
    assert_eq!(color.color.as_deref(), Some("#0079bf"));
    assert_eq!(color.brightness, Some(Brightness::Dark));
    assert_eq!(color.scaled, None);

    let custom = &backgrounds[1];
    assert_eq!(custom.background_type, Some(BoardBackgroundType::Custom));
    assert_eq!(custom.brightness, Some(Brightness::Light));
    assert_eq!(custom.tile, Some(false));
    assert_eq!(custom.top_color.as_deref(), Some("#eef1f4"));
    assert!(
        custom
            .full_size_url
            .as_deref()
            .is_some_and(|u| u.ends_with("/harbour.jpg"))
    );
    let scaled = custom.scaled.as_deref().expect("scaled");
    assert_eq!((scaled[0].width, scaled[0].height), (Some(140), Some(93)));
    // Sizes as strings.
    assert_eq!(
        (scaled[1].width, scaled[1].height),
        (Some(1920), Some(1280))
    );
    assert_eq!(scaled[1].scaled, Some(false));
    assert_eq!(
        scaled[0].extra.get("_id"),
        Some(&json!("6605e6f708192a3b4c5d6e80"))
    );

    let unsplash = &backgrounds[2];
    assert_eq!(
        unsplash.background_type,
        Some(BoardBackgroundType::Other("unsplash".into()))
    );
    assert_eq!(unsplash.brightness, Some(Brightness::Unknown));

    round_trip(&backgrounds);
}

#[test]
fn custom_stickers_with_scaled_images() {
    let stickers: Vec<CustomSticker> = fixture("custom_stickers.json");
    let sticker = &stickers[0];
    assert_eq!(sticker.id, "6606f708192a3b4c5d6e7f80");
    assert!(
        sticker
            .url
            .as_deref()
            .is_some_and(|u| u.ends_with("/rocket-otter.png"))
    );
    let scaled = sticker.scaled.as_deref().expect("scaled");
    assert_eq!(scaled.len(), 2);
    assert_eq!(scaled[0].bytes, Some(5312));
    assert_eq!(scaled[1].bytes, Some(41877));
    assert_eq!(scaled[1].width, Some(300));
}

#[test]
fn saved_searches_and_board_stars() {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Answers {
        saved_searches: Vec<SavedSearch>,
        board_stars: Vec<BoardStar>,
    }
    let answers: Answers = fixture("saved_searches_and_stars.json");

    let searches = &answers.saved_searches;
    assert_eq!(searches[0].id, "6601a2b3c4d5e6f708192a3b");
    assert_eq!(searches[0].name.as_deref(), Some("My open cards"));
    assert_eq!(searches[0].pos, Some(65535.0));
    assert_eq!(
        searches[1].query.as_deref(),
        Some("due:week board:\"Platform roadmap\"")
    );
    assert_eq!(searches[1].pos, Some(131070.5));

    let stars = &answers.board_stars;
    assert_eq!(stars[0].pos, Some(16384.0));
    assert_eq!(
        stars[1].id_board.as_deref(),
        Some("65f1c0a2b7e4d93a1c2e4f77")
    );
    assert_eq!(stars[1].pos, Some(32768.0));
}

#[test]
fn exports_in_progress_and_done_and_tags() {
    #[derive(Deserialize)]
    struct Answers {
        exports: Vec<Export>,
        tags: Vec<Tag>,
    }
    let answers: Answers = fixture("exports_and_tags.json");

    let queued = &answers.exports[0];
    assert_eq!(queued.id, "6607a8b9c0d1e2f3a4b5c6d7");
    let status = queued.status.as_ref().expect("status");
    assert_eq!(status.attempts, Some(0));
    assert_eq!(status.finished, Some(false));
    assert_eq!(status.stage.as_deref(), Some("Export_queued"));
    assert_eq!(queued.started_at, Some(utc(2024, 5, 14, 10, 30, 0, 0)));
    assert_eq!((queued.size, queued.export_url.as_deref()), (None, None));

    let done = &answers.exports[1];
    assert_eq!(done.status.as_ref().and_then(|s| s.attempts), Some(1));
    // The size arrives as a string.
    assert_eq!(done.size, Some(482_133));
    assert!(
        done.export_url
            .as_deref()
            .is_some_and(|u| u.ends_with("/download"))
    );
    assert_eq!(
        done.extra.get("idMember"),
        Some(&json!("5c4a7e9d2b1f0a3e8d6c5b47"))
    );

    assert_eq!(answers.tags.len(), 2);
    assert_eq!(answers.tags[0].name.as_deref(), Some("Q3 launches"));
    assert_eq!(
        answers.tags[1].extra.get("idOrganization"),
        Some(&json!("60b7e2c4a1d3f58e9c0b4a21"))
    );
}

#[test]
fn compliance_records_of_each_event() {
    let records: Vec<ComplianceRecord> = fixture("compliance.json");
    assert_eq!(records.len(), 3);

    assert_eq!(records[0].id.as_deref(), Some("5b02e7f4e1facdc393169f9d"));
    assert_eq!(records[0].event, Some(ComplianceEvent::AccountUpdated));
    assert_eq!(records[0].date, Some(utc(2024, 5, 2, 11, 7, 19, 448)));
    assert_eq!(
        records[0].altered_fields,
        Some(strings(&["fullName", "avatar"]))
    );
    assert_eq!(records[1].event, Some(ComplianceEvent::AccountDeleted));
    assert_eq!(records[1].altered_fields, None);
    assert_eq!(
        records[2].event,
        Some(ComplianceEvent::Other("tokenRevoked".into()))
    );
    assert_eq!(
        records[2].extra.get("idToken"),
        Some(&json!("6640a1b2c3d4e5f60718293a"))
    );
}

#[test]
fn batch_of_mixed_successes_and_failures() {
    let items: Vec<BatchItem> = fixture("batch_mixed.json");
    assert_eq!(items.len(), 5);

    // Successes: the status key is read, the body is decoded as the
    // route's model.
    assert_eq!(items[0].status, 200);
    assert!(items[0].is_success());
    assert_eq!(items[0].error_message(), None);
    let member: Member = items[0].decode().expect("a member");
    assert_eq!(member.username.as_deref(), Some("samwrites"));

    assert_eq!(items[1].status, 200);
    let lists: Vec<List> = items[1].decode().expect("lists");
    assert_eq!(lists.len(), 2);
    assert_eq!(lists[1].pos, Some(32768.5));

    // A failure keyed by its status, with a text body.
    assert_eq!(items[2].status, 404);
    assert!(!items[2].is_success());
    assert_eq!(
        items[2].error_message(),
        Some("The requested resource was not found.")
    );
    assert_eq!(
        items[2].body,
        json!("The requested resource was not found.")
    );

    // A failure as an error object with a statusCode.
    assert_eq!(items[3].status, 400);
    assert!(!items[3].is_success());
    assert_eq!(items[3].error_message(), Some("invalid id"));
    assert_eq!(items[3].body["name"], json!("InvalidIdError"));

    // A failure keyed by its status, with an object body.
    assert_eq!(items[4].status, 401);
    assert_eq!(
        items[4].error_message(),
        Some("unauthorized card permission requested")
    );

    // Decoding a body as the wrong model is an error, not a panic.
    assert!(items[2].decode::<Member>().is_err());

    // Items are written back in Trello's status-keyed shape.
    assert_eq!(
        serde_json::to_value(&items[2]).expect("serialize"),
        json!({"404": "The requested resource was not found."})
    );
    let item = BatchItem::new(204, Value::Null);
    assert!(item.is_success());
    assert_eq!(
        serde_json::from_value::<BatchItem>(serde_json::to_value(&item).expect("serialize"))
            .expect("deserialize"),
        item
    );
}

#[test]
fn malformed_batch_items_are_errors_naming_their_index() {
    let no_status = decode::<Vec<BatchItem>>(
        r#"[{"200": {"id": "5c4a7e9d2b1f0a3e8d6c5b47"}}, {"id": "5c4a7e9d2b1f0a3e8d6c5b47", "name": "x"}]"#,
    )
    .expect_err("an object without a status");
    assert_eq!(no_status.path().to_string(), "[1]");
    let message = no_status.inner().to_string();
    assert!(message.contains("keyed by its HTTP status"), "{message}");
    assert!(message.contains("`id`, `name`"), "{message}");

    let not_an_object =
        decode::<Vec<BatchItem>>(r#"[{"200": {}}, {"200": {}}, "oops"]"#).expect_err("text");
    assert_eq!(not_an_object.path().to_string(), "[2]");

    let bad_code = decode::<Vec<BatchItem>>(r#"[{"message": "boom", "statusCode": 9000}]"#)
        .expect_err("no such status");
    assert!(bad_code.inner().to_string().contains("statusCode 9000"));

    // A key that is not a status is no status, even alone.
    assert!(decode::<BatchItem>(r#"{"2000": {}}"#).is_err());
    // A statusCode sent as a string is accepted.
    let item: BatchItem =
        decode(r#"{"message": "rate limited", "statusCode": "429"}"#).expect("a string code");
    assert_eq!(item.status, 429);
    assert_eq!(item.error_message(), Some("rate limited"));
}

#[test]
fn wrong_types_in_the_new_models_name_their_paths() {
    let webhook =
        decode::<Webhook>(r#"{"id": "6641b2c3d4e5f60718293a4b", "consecutiveFailures": "many"}"#)
            .expect_err("text is no count");
    assert_eq!(webhook.path().to_string(), "consecutiveFailures");

    let token = decode::<TokenInfo>(
        r#"{"id": "6640a1b2c3d4e5f60718293a", "dateExpires": "in thirty days"}"#,
    )
    .expect_err("prose is no date");
    assert_eq!(token.path().to_string(), "dateExpires");
    assert!(token.inner().to_string().contains("ISO 8601"));

    let member = decode::<Member>(
        r#"{"id": "5c4a7e9d2b1f0a3e8d6c5b47", "prefs": {"privacy": {"avatar": 1}}}"#,
    )
    .expect_err("a number is no visibility");
    assert_eq!(member.path().to_string(), "prefs.privacy.avatar");
    assert!(
        member
            .inner()
            .to_string()
            .contains("ProfileVisibility wire name")
    );

    let org = decode::<Organization>(
        r#"{"id": "60b7e2c4a1d3f58e9c0b4a21", "limits": {"orgs": {"freeBoardsPerOrg": {"warnAt": -1}}}}"#,
    )
    .expect_err("limits are not negative");
    assert_eq!(
        org.path().to_string(),
        "limits.orgs.freeBoardsPerOrg.warnAt"
    );

    let no_id = decode::<Notification>(r#"{"type": "cardDueSoon"}"#).expect_err("id required");
    assert!(no_id.inner().to_string().contains("missing field `id`"));
}

#[test]
fn new_wire_enums_are_endpoint_parameters() {
    assert_eq!(NotificationType::KIND, ParamKind::Enum);
    assert!(NotificationType::ALLOWED.contains(&"cardDueSoon"));
    assert_eq!(
        TokenModelType::ALLOWED,
        ["board", "member", "organization", "enterprise", "*"]
    );
    assert_eq!(AvatarSource::ALLOWED, ["none", "gravatar", "upload"]);
    assert_eq!(AvatarSource::None.to_wire(), "none");
    assert_eq!(
        PluginDataScope::ALLOWED,
        ["board", "card", "member", "organization"]
    );
    assert_eq!(PluginDataAccess::Shared.to_string(), "shared");
    assert_eq!(
        NotificationBlockedKey::CommentCard.as_str(),
        "notification_comment_card"
    );
    assert_eq!(RestrictionLevel::from("none"), RestrictionLevel::Nobody);
    assert_eq!("ghost".parse::<MemberType>(), Ok(MemberType::Ghost));
    assert!(!MemberStatus::from("away").is_known());
    assert_eq!(
        serde_json::to_value(BoardBackgroundType::Other("unsplash".into())).expect("encode"),
        json!("unsplash")
    );
}
