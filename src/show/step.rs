//! The steps of a slide: what one press of "next" reveals.

use crate::deck::{Slide, SlideKind};

/// One state of a slide on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The slide as it is, all at once.
    Whole,
    /// A Points slide with this many points shown.
    Points(usize),
    /// A Poll, Quiz, Rating or FreeText with its question and options, no results yet.
    Question,
    /// The live results of a Poll, Quiz or Rating.
    Results,
    /// A Quiz's right answer and explanation.
    RightAnswer,
    /// An Activity with its countdown.
    Activity,
    /// A role-play's scenario and public briefs.
    Briefing,
    /// A role-play round, 1-based.
    Round(u32),
    /// A role-play's debrief questions.
    Debrief,
}

impl Step {
    /// Steps that show a countdown.
    pub fn is_timed(self) -> bool {
        matches!(self, Step::Activity | Step::Round(_))
    }
}

/// The steps of `slide`, in order.
pub fn steps_of(slide: &Slide) -> Vec<Step> {
    match &slide.kind {
        SlideKind::Points { points, reveal, .. } => {
            if *reveal {
                (0..=points.len()).map(Step::Points).collect()
            } else {
                vec![Step::Points(points.len())]
            }
        }
        SlideKind::Poll(_) | SlideKind::Rating(_) => vec![Step::Question, Step::Results],
        SlideKind::Quiz(_) => vec![Step::Question, Step::Results, Step::RightAnswer],
        SlideKind::FreeText { .. } => vec![Step::Question],
        SlideKind::Activity { .. } => vec![Step::Activity],
        SlideKind::RolePlay(rp) => {
            let mut steps = vec![Step::Briefing];
            steps.extend((1..=rp.rounds).map(Step::Round));
            if !rp.debrief.is_empty() {
                steps.push(Step::Debrief);
            }
            steps
        }
        SlideKind::Title { .. } | SlideKind::Picture { .. } | SlideKind::Quote { .. } => {
            vec![Step::Whole]
        }
    }
}
