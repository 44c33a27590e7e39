//! OIDC and SAML identity providers: one list call each (they return every provider at
//! once and take no MaxItems), then one Get per provider for what the lists leave out
//! (audiences, thumbprints, metadata, tags). Accounts hold a handful of providers.

use super::account_session::AccountSession;
use super::sdk_values::{rfc3339, tags_from_sdk};
use crate::backend::BackendError;
use crate::model::{AccountIam, EntityMeta, OidcProvider, SamlProvider, oidc_provider_name};

/// Reads every OIDC and SAML provider of the account into `iam`.
pub(crate) async fn read_identity_providers(
    session: &AccountSession,
    iam: &mut AccountIam,
) -> Result<(), BackendError> {
    let oidc = session
        .read(
            "ListOpenIDConnectProviders",
            session.reads.list_open_id_connect_providers().send(),
        )
        .await?;
    for entry in oidc.open_id_connect_provider_list() {
        let Some(arn) = entry.arn() else { continue };
        let got = session
            .read(
                "GetOpenIDConnectProvider",
                session
                    .reads
                    .get_open_id_connect_provider()
                    .open_id_connect_provider_arn(arn)
                    .send(),
            )
            .await?;
        // The ARN ends with IAM's name for the provider; the URL says the same.
        let name = arn
            .split_once(":oidc-provider/")
            .map(|(_, n)| n.to_string())
            .unwrap_or_else(|| oidc_provider_name(got.url().unwrap_or_default()));
        let provider = OidcProvider {
            url: name.clone(),
            client_ids: got.client_id_list().iter().cloned().collect(),
            thumbprints: got
                .thumbprint_list()
                .iter()
                .map(|t| t.to_ascii_uppercase())
                .collect(),
            tags: tags_from_sdk(got.tags()),
            meta: EntityMeta {
                id: None,
                arn: Some(arn.to_string()),
                created: rfc3339(got.create_date()),
            },
        };
        iam.oidc_providers.insert(name, provider);
    }
    let saml = session
        .read(
            "ListSAMLProviders",
            session.reads.list_saml_providers().send(),
        )
        .await?;
    for entry in saml.saml_provider_list() {
        let Some(arn) = entry.arn() else { continue };
        let name = arn.rsplit_once('/').map(|(_, n)| n).unwrap_or(arn);
        let got = session
            .read(
                "GetSAMLProvider",
                session
                    .reads
                    .get_saml_provider()
                    .saml_provider_arn(arn)
                    .send(),
            )
            .await?;
        iam.saml_providers.insert(
            name.to_string(),
            SamlProvider {
                name: name.to_string(),
                metadata: got.saml_metadata_document().map(metadata_text),
                tags: tags_from_sdk(got.tags()),
                meta: EntityMeta {
                    id: None,
                    arn: Some(arn.to_string()),
                    created: rfc3339(got.create_date()),
                },
            },
        );
    }
    Ok(())
}

/// The metadata document as written: IAM returns it raw, but some emulators return it
/// URL-encoded (an XML document starts with `<`; its encoded form with `%3C`).
fn metadata_text(document: &str) -> String {
    let trimmed = document.trim_start();
    if trimmed.starts_with('<') {
        return document.to_string();
    }
    percent_encoding::percent_decode_str(document)
        .decode_utf8()
        .map(|d| d.into_owned())
        .unwrap_or_else(|_| document.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_is_kept_raw_or_decoded_once() {
        assert_eq!(metadata_text("<m a=\"%41\"/>"), "<m a=\"%41\"/>");
        assert_eq!(metadata_text("%3Cm%2F%3E"), "<m/>");
    }
}
