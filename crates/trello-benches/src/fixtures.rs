//! Realistic answers, shaped like what Trello really returns: a member of
//! about 2 KB (`GET /members/me` with the default fields) and board card
//! lists (`GET /boards/{id}/cards`, about 1.2 KB per card).
//!
//! Generated deterministically, so every run decodes the same bytes.

use serde_json::{Value, json};

/// A 24-hex-digit Trello id made from `seed`.
pub fn trello_id(seed: u64) -> String {
    // A fixed, well-mixed permutation (splitmix64) keeps ids distinct.
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    format!("{:08x}{:016x}", 0x5f0c_0000u32 | (seed as u32 & 0xffff), z)
}

/// The token owner as `GET /members/me` returns them with the default
/// fields: about 2 KB of JSON.
pub fn member() -> Value {
    let boards: Vec<String> = (0..12).map(|i| trello_id(1_000 + i)).collect();
    let orgs: Vec<String> = (0..3).map(|i| trello_id(2_000 + i)).collect();
    json!({
        "id": trello_id(1),
        "activityBlocked": false,
        "avatarHash": "a1b2c3d4e5f60718293a4b5c6d7e8f90",
        "avatarUrl": "https://trello-members.s3.amazonaws.com/5f0c2b1e9a8d7c6b5a4f3e2d/a1b2c3d4e5f60718293a4b5c6d7e8f90",
        "bio": "Product engineer. Keeps the roadmap board tidy.",
        "bioData": {"emoji": {}},
        "confirmed": true,
        "fullName": "Ada Lovelace",
        "idEnterprise": null,
        "idEnterprisesDeactivated": [],
        "idMemberReferrer": null,
        "idPremOrgsAdmin": [],
        "initials": "AL",
        "memberType": "normal",
        "nonPublic": {},
        "nonPublicAvailable": true,
        "products": [],
        "url": "https://trello.com/adalovelace",
        "username": "adalovelace",
        "status": "disconnected",
        "aaEmail": null,
        "aaEnrolledDate": null,
        "aaId": null,
        "avatarSource": "upload",
        "credentialsRemovedCount": 0,
        "domainClaimed": null,
        "email": null,
        "gravatarHash": "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
        "idBoards": boards,
        "idOrganizations": orgs,
        "idEnterprisesAdmin": [],
        "limits": {
            "boards": {"totalPerMember": {"status": "ok", "disableAt": 4500, "warnAt": 3600}},
            "orgs": {"totalPerMember": {"status": "ok", "disableAt": 850, "warnAt": 680}}
        },
        "loginTypes": ["password", "google"],
        "marketingOptIn": {"optedIn": false, "date": "2021-03-04T10:11:12.000Z"},
        "messagesDismissed": [
            {"name": "ad-security-features", "count": 1, "lastDismissed": "2022-05-06T07:08:09.000Z", "_id": trello_id(3)}
        ],
        "oneTimeMessagesDismissed": ["board-invite-ios", "close-menu-of-first-board"],
        "prefs": {
            "privacy": {"fullName": "public", "avatar": "public"},
            "sendSummaries": true,
            "minutesBetweenSummaries": 60,
            "minutesBeforeDeadlineToNotify": 1440,
            "colorBlind": false,
            "locale": "en-GB",
            "timezoneInfo": {"offsetCurrent": 0, "timezoneCurrent": "GMT", "offsetNext": 60, "dateNext": "2026-03-29T01:00:00.000Z", "timezoneNext": "BST"},
            "twoFactor": {"enabled": true, "needsNewBackups": false}
        },
        "trophies": [],
        "uploadedAvatarHash": "a1b2c3d4e5f60718293a4b5c6d7e8f90",
        "uploadedAvatarUrl": "https://trello-members.s3.amazonaws.com/5f0c2b1e9a8d7c6b5a4f3e2d/a1b2c3d4e5f60718293a4b5c6d7e8f90",
        "premiumFeatures": ["additionalBoardBackgrounds", "additionalStickers", "customBoardBackgrounds"],
        "isAaMastered": false,
        "ixUpdate": "1024",
        "idBoardsPinned": null
    })
}

/// [`member`] as bytes.
pub fn member_bytes() -> Vec<u8> {
    serde_json::to_vec(&member()).unwrap_or_default()
}

/// One card as `GET /boards/{id}/cards` returns it with the default fields.
pub fn card(board: &str, index: u64) -> Value {
    let list = trello_id(10_000 + index % 5);
    let label = |n: u64, color: &str, name: &str| {
        json!({
            "id": trello_id(20_000 + n),
            "idBoard": board,
            "name": name,
            "color": color,
            "uses": 17
        })
    };
    let labels = match index % 3 {
        0 => vec![label(1, "green", "Ready"), label(2, "red", "Blocked")],
        1 => vec![label(3, "sky", "Frontend")],
        _ => vec![],
    };
    let id_labels: Vec<Value> = labels.iter().map(|l| l["id"].clone()).collect();
    let members: Vec<String> = (0..index % 3).map(|m| trello_id(30_000 + m)).collect();
    let due = if index % 4 == 0 {
        json!(format!(
            "2026-0{}-1{}T09:00:00.000Z",
            1 + index % 9,
            index % 10
        ))
    } else {
        Value::Null
    };
    let short = format!("{:08x}", index.wrapping_mul(2_654_435_761) & 0xffff_ffff);
    json!({
        "id": trello_id(100_000 + index),
        "badges": {
            "attachmentsByType": {"trello": {"board": 0, "card": 0}},
            "externalSource": null,
            "location": false,
            "votes": index % 2,
            "viewingMemberVoted": false,
            "subscribed": index % 5 == 0,
            "fogbugz": "",
            "checkItems": index % 7,
            "checkItemsChecked": index % 3,
            "checkItemsEarliestDue": null,
            "comments": index % 4,
            "attachments": index % 2,
            "description": true,
            "due": due,
            "dueComplete": false,
            "start": null,
            "lastUpdatedByAi": false
        },
        "checkItemStates": [],
        "closed": false,
        "dueComplete": false,
        "dateLastActivity": format!("2026-11-{:02}T{:02}:{:02}:11.123Z", 1 + index % 27, index % 24, index % 60),
        "desc": format!("Card {index}: reproduce the issue, write the failing test, fix it, and link the pull request here."),
        "descData": {"emoji": {}},
        "due": due,
        "dueReminder": if index % 4 == 0 { json!(1440) } else { Value::Null },
        "email": null,
        "idBoard": board,
        "idChecklists": if index % 7 == 0 { json!([trello_id(40_000 + index)]) } else { json!([]) },
        "idList": list,
        "idMembers": members,
        "idMembersVoted": [],
        "idShort": index + 1,
        "idAttachmentCover": null,
        "labels": labels,
        "idLabels": id_labels,
        "manualCoverAttachment": false,
        "name": format!("Task {index}: tidy the onboarding flow"),
        "pinned": false,
        "pos": 16_384.0 * (index as f64 + 1.0),
        "shortLink": short,
        "shortUrl": format!("https://trello.com/c/{short}"),
        "start": null,
        "subscribed": false,
        "url": format!("https://trello.com/c/{short}/{}-task-{index}-tidy-the-onboarding-flow", index + 1),
        "cover": {
            "idAttachment": null,
            "color": if index % 6 == 0 { json!("yellow") } else { Value::Null },
            "idUploadedBackground": null,
            "size": "normal",
            "brightness": "dark",
            "idPlugin": null
        },
        "isTemplate": false,
        "cardRole": null,
        "mirrorSourceId": null
    })
}

/// `count` cards of board [`crate::BOARD_ID`], as one JSON array.
pub fn cards_bytes(count: u64) -> Vec<u8> {
    let cards: Vec<Value> = (0..count).map(|i| card(crate::BOARD_ID, i)).collect();
    serde_json::to_vec(&cards).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use trello::models::{Card, Member};

    use super::*;

    #[test]
    fn the_member_is_about_two_kilobytes_and_decodes() {
        let bytes = member_bytes();
        assert!(
            (1_800..=2_600).contains(&bytes.len()),
            "{} bytes",
            bytes.len()
        );
        let member: Member = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(member.username.as_deref(), Some("adalovelace"));
        assert_eq!(member.id_boards.map(|b| b.len()), Some(12));
    }

    #[test]
    fn cards_decode_into_the_sdk_model() {
        let bytes = cards_bytes(100);
        let cards: Vec<Card> = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(cards.len(), 100);
        let per_card = bytes.len() / 100;
        assert!(
            (900..=1_600).contains(&per_card),
            "{per_card} bytes per card"
        );
        assert!(cards[0].due.is_some());
        assert_eq!(cards[0].labels.as_ref().map(Vec::len), Some(2));
        let ids: std::collections::HashSet<_> = cards.iter().map(|c| c.id.clone()).collect();
        assert_eq!(ids.len(), 100);
    }
}
