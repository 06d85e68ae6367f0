//! Podium's whole app in a test window (egui_kittest, no display and no graphics card), as
//! the UI tests drive it: one builder and one reading of the screen for all of them.

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::NodeT;
use podium::app::{Options, PodiumApp};
use podium::record::room::RoomRecords;
use podium::time::Now;

/// The app, the clock its frames see, and the temporary data folder it records into.
pub struct TestApp {
    pub app: PodiumApp,
    /// Stopped unless a test moves it.
    pub now: Now,
    /// Kept until the test ends, where the harness holds the data folder: tests never touch
    /// the user's data.
    pub data: Option<tempfile::TempDir>,
}

impl TestApp {
    /// The running show's records: the room as the presenter's screens show it.
    pub fn room(&self) -> &RoomRecords {
        &self
            .app
            .show()
            .expect("a deck is being presented")
            .presentation
            .recorder()
            .room
    }

    /// The data folder the harness holds.
    pub fn data_path(&self) -> &Path {
        self.data
            .as_ref()
            .expect("the harness holds its data folder")
            .path()
    }
}

/// What the command line would give: the data folder and the facilitator's name from last
/// time, nothing else asked for.
pub fn options(data_dir: &Path, facilitator: &str) -> Options {
    Options {
        data_dir: data_dir.to_path_buf(),
        roster: None,
        facilitator: facilitator.into(),
        start: None,
        phones: None,
    }
}

/// The whole app on its start screen (listing the repository's decks) in a window of `size`
/// points at `scale` pixels per point, each frame drawn at `now`; `data` is kept with it.
pub fn harness(
    options: Options,
    size: egui::Vec2,
    scale: f32,
    now: Now,
    data: Option<tempfile::TempDir>,
) -> Harness<'static, TestApp> {
    Harness::builder()
        .with_size(size)
        .with_pixels_per_point(scale)
        .with_context_setup(podium::ui::install_fonts)
        .build_ui_state(
            |ui, state: &mut TestApp| {
                let now = state.now.clone();
                state.app.frame(ui, &now);
            },
            TestApp {
                app: PodiumApp::with_options(
                    &egui::Context::default(),
                    Vec::new(),
                    decks(),
                    options,
                ),
                now,
                data,
            },
        )
}

/// The repository's sample decks.
fn decks() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("decks")
}

/// Every label and value in the accessibility tree, one per line: what the screen says.
pub fn all_text<S>(harness: &Harness<'_, S>) -> String {
    text_under(&harness.root())
}

/// Every label and value in the accessibility tree below `node` (a window, a panel), one
/// per line.
pub fn text_under(node: &egui_kittest::Node<'_>) -> String {
    node.children_recursive()
        .flat_map(|node| {
            let ak = node.accesskit_node();
            [ak.label(), ak.value()]
        })
        .flatten()
        .collect::<Vec<_>>()
        .join("\n")
}
