//! Where the presenter and audience windows go, from the monitors that exist now.
//!
//! A pure function of the monitor list, the windows' remembered geometry and the presenter's
//! wish to swap: no window system here, so every layout (laptop and projector, projector on
//! the left, one small screen, three monitors) is tested without one.
//!
//! Everything is in physical pixels of the desktop, as the window system reports monitors:
//! one coordinate space for all monitors, which can start at negative x or y when a screen
//! sits left of or above the primary one. Window rectangles are outer rectangles, frame and
//! title bar included, so a placed window never has its title bar off the screen.
//!
//! Where the window system does not say how big the frame is (X11 before the window manager
//! has framed the window, for one), a frame of typical size is assumed; and a presenter
//! window that would fill its screen anyway is maximized, so the window manager fits frame,
//! title bar and any task bar, and the status line at the bottom stays on the screen.

/// A rectangle in physical pixels of the desktop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub width: i32,
    pub height: i32,
}

impl Rect {
    pub const fn new(x: i32, y: i32, width: i32, height: i32) -> Self {
        Self {
            x,
            y,
            width,
            height,
        }
    }

    pub const fn right(&self) -> i32 {
        self.x + self.width
    }

    pub const fn bottom(&self) -> i32 {
        self.y + self.height
    }

    /// The area this rectangle shares with `other`, in square pixels.
    pub fn overlap(&self, other: &Rect) -> i64 {
        let width = self.right().min(other.right()) - self.x.max(other.x);
        let height = self.bottom().min(other.bottom()) - self.y.max(other.y);
        if width <= 0 || height <= 0 {
            0
        } else {
            i64::from(width) * i64::from(height)
        }
    }

    /// Whether this rectangle lies wholly inside `area`.
    pub fn within(&self, area: &Rect) -> bool {
        self.x >= area.x
            && self.y >= area.y
            && self.right() <= area.right()
            && self.bottom() <= area.bottom()
    }

    /// This rectangle made no larger than `area` and moved the least so that it lies inside.
    pub fn clamped_into(&self, area: &Rect) -> Rect {
        let width = self.width.clamp(1, area.width.max(1));
        let height = self.height.clamp(1, area.height.max(1));
        Rect {
            x: self.x.min(area.right() - width).max(area.x),
            y: self.y.min(area.bottom() - height).max(area.y),
            width,
            height,
        }
    }

    /// A rectangle of `width` x `height` (made no larger than `area`) in the middle of `area`.
    pub fn centered_in(width: i32, height: i32, area: &Rect) -> Rect {
        let width = width.clamp(1, area.width.max(1));
        let height = height.clamp(1, area.height.max(1));
        Rect {
            x: area.x + (area.width - width) / 2,
            y: area.y + (area.height - height) / 2,
            width,
            height,
        }
    }
}

/// One monitor as the window system reports it now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Monitor {
    /// Its place on the desktop and its size, in physical pixels.
    pub area: Rect,
    /// Physical pixels per logical point (2.0 on a 4K laptop screen at 200%).
    pub scale: f32,
    /// The system's primary monitor: on a laptop, normally its own screen.
    pub primary: bool,
}

impl Monitor {
    /// `points` logical points in this monitor's physical pixels.
    fn px(&self, points: i32) -> i32 {
        let scale = if self.scale.is_finite() && self.scale > 0.0 {
            self.scale
        } else {
            1.0
        };
        (points as f32 * scale).round() as i32
    }
}

/// The windows' geometry from the last time Podium ran; it may describe monitors that are
/// gone or have changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Remembered {
    pub presenter: Option<Rect>,
    pub audience: Option<Rect>,
}

/// What the window size adds for the frame and title bar, in physical pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Frame {
    pub width: i32,
    pub height: i32,
}

/// A frame of typical size, in points, assumed when the window system reports none: a title
/// bar and thin borders (Openbox, Xfce, GNOME and Windows draw 20 to 37 points of title bar).
const TYPICAL_FRAME_POINTS: (i32, i32) = (4, 38);

impl Frame {
    /// A frame of typical size on `monitor`.
    fn typical(monitor: &Monitor) -> Frame {
        Frame {
            width: monitor.px(TYPICAL_FRAME_POINTS.0),
            height: monitor.px(TYPICAL_FRAME_POINTS.1),
        }
    }
}

/// Everything the placement depends on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Request<'a> {
    /// The monitors that exist now, in the window system's order.
    pub monitors: &'a [Monitor],
    /// Where the presenter window is now, if it is open; the monitor it is on is the
    /// presenter's own.
    pub presenter_now: Option<Rect>,
    pub remembered: Remembered,
    /// The frame around the presenter window, `None` when the window system reports none
    /// (then one of typical size is assumed).
    pub frame: Option<Frame>,
    /// The presenter asked to swap the windows (S); asking again swaps them back.
    pub swapped: bool,
}

/// How the two windows share the screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrangement {
    /// Two or more monitors: the audience window full-screen on a monitor of its own.
    Separate,
    /// One monitor wide enough for both: the windows side by side, neither covers the other.
    SideBySide,
    /// One monitor too small for both: the audience window small in a top corner of the
    /// presenter window, below its top bar, over its copy of the slide rather than the
    /// notes; V hides it to see everything.
    Overlapping,
}

/// Where the windows go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    /// The presenter window's outer rectangle; when maximized, the whole of its monitor.
    pub presenter: Rect,
    /// The presenter window fills its monitor: the window manager is asked to maximize it,
    /// which fits its frame, its title bar and any task bar on the screen.
    pub presenter_maximized: bool,
    /// The frame the rectangles allow for: the one reported, else one of typical size.
    pub frame: Frame,
    /// The audience window's outer rectangle; when full-screen, the whole of its monitor.
    pub audience: Rect,
    /// Indexes into [`Request::monitors`].
    pub presenter_monitor: usize,
    pub audience_monitor: usize,
    pub audience_fullscreen: bool,
    pub arrangement: Arrangement,
}

impl Placement {
    /// What to tell the presenter about this arrangement, if anything.
    pub fn advice(&self) -> Option<&'static str> {
        match self.arrangement {
            Arrangement::Overlapping => Some(
                "One screen: the audience window covers part of this one. Press V to hide it \
                 and read your notes, and V again to show it.",
            ),
            Arrangement::Separate | Arrangement::SideBySide => None,
        }
    }
}

/// The presenter window's size when nothing is remembered, in logical points (as it opens).
const PRESENTER_POINTS: (i32, i32) = (1280, 800);
/// The smallest presenter window, in points (the window's own minimum size).
const PRESENTER_MIN_POINTS: (i32, i32) = (720, 480);
/// The narrowest presenter window worth keeping beside the audience window, in points: below
/// it the side panel and the notes no longer fit side by side.
const PRESENTER_BESIDE_MIN_WIDTH: i32 = 1024;
/// The narrowest audience window worth opening beside the presenter's, in points.
const AUDIENCE_BESIDE_MIN_WIDTH: i32 = 480;
/// The presenter window's top bar (deck, slide number, clocks), in points: an audience window
/// in its corner starts below it.
const PRESENTER_TOP_BAR_POINTS: i32 = 36;
/// The smallest audience window in a corner of a single screen, in points.
const AUDIENCE_CORNER_MIN_WIDTH: i32 = 320;

/// Where the presenter and audience windows go, or `None` when no monitor is known (the
/// window system said nothing usable), in which case the windows are best left where they are.
pub fn place(request: &Request<'_>) -> Option<Placement> {
    let monitors: Vec<(usize, &Monitor)> = request
        .monitors
        .iter()
        .enumerate()
        .filter(|(_, m)| m.area.width > 0 && m.area.height > 0)
        .collect();
    let on = |rect: Rect| -> Option<usize> {
        monitors
            .iter()
            .map(|(i, m)| (*i, m.area.overlap(&rect)))
            .filter(|(_, overlap)| *overlap > 0)
            .max_by_key(|(_, overlap)| *overlap)
            .map(|(i, _)| i)
    };
    let by_index = |i: usize| monitors.iter().find(|(j, _)| *j == i).copied();
    let current = request.presenter_now.or(request.remembered.presenter);
    let home = current
        .and_then(on)
        .and_then(by_index)
        .or_else(|| monitors.iter().find(|(_, m)| m.primary).copied())
        .or_else(|| monitors.first().copied())?;
    let frame = request.frame.unwrap_or_else(|| Frame::typical(home.1));
    // Without a frame reported, the window's rectangle is its inside: the frame comes on top.
    let current = match (request.frame, request.presenter_now) {
        (None, Some(inside)) => Some(Rect {
            width: inside.width.saturating_add(frame.width),
            height: inside.height.saturating_add(frame.height),
            ..inside
        }),
        _ => current,
    };
    let projector = request
        .remembered
        .audience
        .and_then(on)
        .filter(|i| *i != home.0)
        .and_then(by_index)
        .or_else(|| monitors.iter().find(|(i, _)| *i != home.0).copied());
    let Some(projector) = projector else {
        return Some(one_screen(home.0, home.1, current, frame, request.swapped));
    };
    let (presenter_at, audience_at) = if request.swapped {
        (projector, home)
    } else {
        (home, projector)
    };
    let already_there = current.and_then(on) == Some(presenter_at.0);
    let (presenter, presenter_maximized) = maximized_if_full(
        presenter_on(current, already_there, presenter_at.1, frame),
        presenter_at.1,
    );
    Some(Placement {
        presenter,
        presenter_maximized,
        frame,
        audience: audience_at.1.area,
        presenter_monitor: presenter_at.0,
        audience_monitor: audience_at.0,
        audience_fullscreen: true,
        arrangement: Arrangement::Separate,
    })
}

/// The presenter window on `monitor`: where it is, made to fit, when it is on that monitor
/// already; else moved whole to the middle of it; at its opening size when nothing is known.
fn presenter_on(
    current: Option<Rect>,
    already_there: bool,
    monitor: &Monitor,
    frame: Frame,
) -> Rect {
    let Some(rect) = current else {
        return default_presenter(monitor, frame);
    };
    let rect = Rect {
        width: rect
            .width
            .max(monitor.px(PRESENTER_MIN_POINTS.0) + frame.width),
        height: rect
            .height
            .max(monitor.px(PRESENTER_MIN_POINTS.1) + frame.height),
        ..rect
    };
    if already_there {
        rect.clamped_into(&monitor.area)
    } else {
        Rect::centered_in(rect.width, rect.height, &monitor.area)
    }
}

/// The presenter window maximized, as the whole of `monitor`, when it would fill the monitor
/// across or down anyway; else as it is.
fn maximized_if_full(presenter: Rect, monitor: &Monitor) -> (Rect, bool) {
    if presenter.width >= monitor.area.width || presenter.height >= monitor.area.height {
        (monitor.area, true)
    } else {
        (presenter, false)
    }
}

/// The presenter window in the middle of `monitor` at its opening size.
fn default_presenter(monitor: &Monitor, frame: Frame) -> Rect {
    Rect::centered_in(
        monitor.px(PRESENTER_POINTS.0) + frame.width,
        monitor.px(PRESENTER_POINTS.1) + frame.height,
        &monitor.area,
    )
}

/// Both windows on one monitor: side by side when it is wide enough, else the audience
/// window small in a top corner of the presenter window.
fn one_screen(
    index: usize,
    monitor: &Monitor,
    current: Option<Rect>,
    frame: Frame,
    swapped: bool,
) -> Placement {
    let area = monitor.area;
    let presenter = presenter_on(current, true, monitor, frame);
    let presenter_min = monitor.px(PRESENTER_BESIDE_MIN_WIDTH) + frame.width;
    let audience_min = monitor.px(AUDIENCE_BESIDE_MIN_WIDTH) + frame.width;
    let sixteen_by_nine = |outer_width: i32| {
        let inner = (outer_width - frame.width).max(1);
        (inner * 9 / 16 + frame.height).min(area.height)
    };
    if area.width >= presenter_min + audience_min {
        let width = presenter
            .width
            .max(presenter_min)
            .min(area.width - audience_min);
        let audience_width = area.width - width;
        let (presenter_x, audience_x) = if swapped {
            (area.right() - width, area.x)
        } else {
            (area.x, area.x + width)
        };
        let presenter = Rect::new(presenter_x, presenter.y, width, presenter.height);
        return Placement {
            presenter: presenter.clamped_into(&area),
            // Maximized, it would cover the audience window beside it.
            presenter_maximized: false,
            frame,
            audience: Rect::new(
                audience_x,
                area.y,
                audience_width,
                sixteen_by_nine(audience_width),
            ),
            presenter_monitor: index,
            audience_monitor: index,
            audience_fullscreen: false,
            arrangement: Arrangement::SideBySide,
        };
    }
    let (presenter, presenter_maximized) = maximized_if_full(presenter, monitor);
    let width = (area.width / 3)
        .max(monitor.px(AUDIENCE_CORNER_MIN_WIDTH) + frame.width)
        .min(area.width);
    let x = if swapped {
        presenter.right() - width
    } else {
        presenter.x
    };
    let y = presenter.y + frame.height + monitor.px(PRESENTER_TOP_BAR_POINTS);
    let audience = Rect::new(x, y, width, sixteen_by_nine(width)).clamped_into(&area);
    Placement {
        presenter,
        presenter_maximized,
        frame,
        audience,
        presenter_monitor: index,
        audience_monitor: index,
        audience_fullscreen: false,
        arrangement: Arrangement::Overlapping,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    fn monitor(x: i32, y: i32, width: i32, height: i32) -> Monitor {
        Monitor {
            area: Rect::new(x, y, width, height),
            scale: 1.0,
            primary: false,
        }
    }

    fn primary(x: i32, y: i32, width: i32, height: i32) -> Monitor {
        Monitor {
            primary: true,
            ..monitor(x, y, width, height)
        }
    }

    fn request(monitors: &[Monitor]) -> Request<'_> {
        Request {
            monitors,
            presenter_now: None,
            remembered: Remembered::default(),
            // A window manager that draws no frame.
            frame: Some(Frame::default()),
            swapped: false,
        }
    }

    /// Both windows lie wholly on a monitor that exists, whatever was asked.
    fn assert_on_screen(monitors: &[Monitor], placed: &Placement) {
        for (what, rect, index) in [
            ("presenter", placed.presenter, placed.presenter_monitor),
            ("audience", placed.audience, placed.audience_monitor),
        ] {
            let area = monitors[index].area;
            assert!(rect.within(&area), "{what} {rect:?} is not within {area:?}");
            assert!(rect.width > 0 && rect.height > 0, "{what} {rect:?}");
        }
    }

    #[test]
    fn laptop_and_a_1024x768_projector_on_the_right() {
        let monitors = [primary(0, 0, 1920, 1080), monitor(1920, 0, 1024, 768)];
        let placed = place(&Request {
            presenter_now: Some(Rect::new(100, 80, 1280, 800)),
            ..request(&monitors)
        })
        .unwrap();
        assert_eq!(placed.arrangement, Arrangement::Separate);
        assert_eq!(placed.audience_monitor, 1);
        assert_eq!(placed.audience, Rect::new(1920, 0, 1024, 768));
        assert!(placed.audience_fullscreen);
        assert_eq!(placed.presenter_monitor, 0);
        assert_eq!(
            placed.presenter,
            Rect::new(100, 80, 1280, 800),
            "the presenter window stays where it is"
        );
        assert_eq!(placed.advice(), None);
    }

    #[test]
    fn a_projector_left_of_the_laptop_at_negative_x() {
        let monitors = [monitor(-1024, 0, 1024, 768), primary(0, 0, 1920, 1080)];
        let placed = place(&request(&monitors)).unwrap();
        assert_eq!(placed.presenter_monitor, 1, "the primary is the laptop");
        assert_eq!(placed.audience_monitor, 0);
        assert_eq!(placed.audience, Rect::new(-1024, 0, 1024, 768));
        assert!(placed.audience_fullscreen);
        assert_eq!(
            placed.presenter,
            Rect::new(320, 140, 1280, 800),
            "centred on the laptop"
        );
        assert_on_screen(&monitors, &placed);
    }

    #[test]
    fn the_presenter_keeps_the_monitor_it_is_on_even_when_it_is_not_the_primary() {
        let monitors = [primary(0, 0, 1920, 1080), monitor(1920, 0, 1280, 800)];
        let placed = place(&Request {
            presenter_now: Some(Rect::new(1950, 10, 1200, 700)),
            ..request(&monitors)
        })
        .unwrap();
        assert_eq!(placed.presenter_monitor, 1);
        assert_eq!(placed.audience_monitor, 0);
        assert_eq!(placed.presenter, Rect::new(1950, 10, 1200, 700));
    }

    #[test]
    fn one_1024x768_screen_puts_a_small_audience_window_in_a_top_corner_and_says_v() {
        let monitors = [primary(0, 0, 1024, 768)];
        let placed = place(&request(&monitors)).unwrap();
        assert_eq!(placed.arrangement, Arrangement::Overlapping);
        assert!(!placed.audience_fullscreen);
        assert_eq!(placed.presenter, Rect::new(0, 0, 1024, 768));
        assert!(
            placed.presenter_maximized,
            "the window manager fits its frame"
        );
        assert_eq!(
            placed.audience,
            Rect::new(0, 36, 341, 191),
            "below the top bar, over the slide"
        );
        assert!(
            placed.audience.bottom() < 768 / 3,
            "the notes fill the lower part"
        );
        assert!(placed.advice().unwrap().contains("Press V"));
        assert_on_screen(&monitors, &placed);
    }

    #[test]
    fn one_1280x800_screen_is_too_narrow_for_side_by_side() {
        let monitors = [primary(0, 0, 1280, 800)];
        let placed = place(&request(&monitors)).unwrap();
        assert_eq!(placed.arrangement, Arrangement::Overlapping);
        assert_eq!(placed.presenter, Rect::new(0, 0, 1280, 800));
        assert_eq!(placed.audience, Rect::new(0, 36, 426, 239));
        assert_on_screen(&monitors, &placed);
    }

    #[test]
    fn one_1366x768_screen_keeps_the_audience_window_on_the_presenter_s_slide() {
        let monitors = [primary(0, 0, 1366, 768)];
        let frame = Frame {
            width: 2,
            height: 24,
        };
        let placed = place(&Request {
            frame: Some(frame),
            ..request(&monitors)
        })
        .unwrap();
        assert_eq!(placed.arrangement, Arrangement::Overlapping);
        assert_eq!(placed.presenter, Rect::new(0, 0, 1366, 768));
        assert!(placed.presenter_maximized, "as high as the screen");
        assert_eq!(
            placed.audience,
            Rect::new(0, 60, 455, 278),
            "its left edge, below the frame's title bar and the top bar"
        );
        assert_on_screen(&monitors, &placed);
    }

    #[test]
    fn one_1920x1080_screen_has_the_windows_side_by_side_without_overlap() {
        let monitors = [primary(0, 0, 1920, 1080)];
        let placed = place(&request(&monitors)).unwrap();
        assert_eq!(placed.arrangement, Arrangement::SideBySide);
        assert_eq!(placed.presenter, Rect::new(0, 140, 1280, 800));
        assert_eq!(placed.audience, Rect::new(1280, 0, 640, 360));
        assert_eq!(placed.presenter.overlap(&placed.audience), 0);
        assert_eq!(placed.advice(), None);
        assert_on_screen(&monitors, &placed);
    }

    #[test]
    fn a_4k_screen_at_scale_2_counts_in_points() {
        let monitors = [Monitor {
            scale: 2.0,
            ..primary(0, 0, 3840, 2160)
        }];
        let placed = place(&request(&monitors)).unwrap();
        assert_eq!(placed.arrangement, Arrangement::SideBySide);
        assert_eq!(placed.presenter, Rect::new(0, 280, 2560, 1600));
        assert_eq!(placed.audience, Rect::new(2560, 0, 1280, 720));
        assert_eq!(placed.presenter.overlap(&placed.audience), 0);

        // The same screen at scale 1 is not the same layout: 1920 points is wide, 3840 more so.
        let crowded = [Monitor {
            scale: 2.0,
            ..primary(0, 0, 2560, 1440)
        }];
        let placed = place(&request(&crowded)).unwrap();
        assert_eq!(
            placed.arrangement,
            Arrangement::Overlapping,
            "1280 points wide"
        );
        assert_eq!(placed.audience.width, 853, "a third of the width");
        assert_on_screen(&crowded, &placed);
    }

    #[test]
    fn a_4k_laptop_at_scale_2_and_a_projector() {
        let monitors = [
            Monitor {
                scale: 2.0,
                ..primary(0, 0, 3840, 2160)
            },
            monitor(3840, 0, 1024, 768),
        ];
        let placed = place(&request(&monitors)).unwrap();
        assert_eq!(placed.presenter, Rect::new(640, 280, 2560, 1600));
        assert_eq!(placed.audience, Rect::new(3840, 0, 1024, 768));
        let swapped = place(&Request {
            swapped: true,
            ..request(&monitors)
        })
        .unwrap();
        assert_eq!(
            swapped.presenter,
            Rect::new(3840, 0, 1024, 768),
            "the opening size, made to fit the projector"
        );
        assert_eq!(swapped.audience, monitors[0].area);
    }

    #[test]
    fn stale_geometry_comes_back_fully_on_screen() {
        let monitors = [primary(0, 0, 1024, 768)];
        let placed = place(&Request {
            remembered: Remembered {
                presenter: Some(Rect::new(319, 127, 1280, 800)),
                audience: Some(Rect::new(1920, 0, 1024, 768)),
            },
            ..request(&monitors)
        })
        .unwrap();
        assert_eq!(placed.presenter, Rect::new(0, 0, 1024, 768));
        assert_on_screen(&monitors, &placed);

        // Remembered on a projector that is gone: both windows come to the laptop.
        let laptop = [primary(0, 0, 1920, 1080)];
        let placed = place(&Request {
            remembered: Remembered {
                presenter: Some(Rect::new(2000, 100, 1280, 800)),
                audience: Some(Rect::new(-1024, 0, 1024, 768)),
            },
            ..request(&laptop)
        })
        .unwrap();
        assert_eq!(placed.arrangement, Arrangement::SideBySide);
        assert_on_screen(&laptop, &placed);

        // Half off the laptop's bottom-right corner, with a projector there now.
        let two = [primary(0, 0, 1920, 1080), monitor(1920, 0, 1024, 768)];
        let placed = place(&Request {
            remembered: Remembered {
                presenter: Some(Rect::new(1200, 700, 1280, 800)),
                audience: None,
            },
            ..request(&two)
        })
        .unwrap();
        assert_eq!(placed.presenter_monitor, 0);
        assert_eq!(placed.presenter, Rect::new(640, 280, 1280, 800));
        assert_on_screen(&two, &placed);
    }

    #[test]
    fn three_monitors_the_audience_goes_where_it_was_else_the_first_other_one() {
        let monitors = [
            primary(0, 0, 1920, 1080),
            monitor(1920, 0, 2560, 1440),
            monitor(4480, 0, 1024, 768),
        ];
        let fresh = place(&request(&monitors)).unwrap();
        assert_eq!(fresh.presenter_monitor, 0);
        assert_eq!(fresh.audience_monitor, 1);

        let remembered = Request {
            remembered: Remembered {
                presenter: None,
                audience: Some(Rect::new(4480, 0, 1024, 768)),
            },
            ..request(&monitors)
        };
        let placed = place(&remembered).unwrap();
        assert_eq!(placed.audience_monitor, 2);
        assert_eq!(placed.audience, Rect::new(4480, 0, 1024, 768));
        assert!(placed.audience_fullscreen);

        let swapped = place(&Request {
            swapped: true,
            ..remembered
        })
        .unwrap();
        assert_eq!(
            (swapped.presenter_monitor, swapped.audience_monitor),
            (2, 0)
        );
        assert_on_screen(&monitors, &swapped);
    }

    #[test]
    fn swapping_twice_puts_everything_back() {
        let layouts: [&[Monitor]; 4] = [
            &[primary(0, 0, 1920, 1080), monitor(1920, 0, 1024, 768)],
            &[monitor(-1024, 0, 1024, 768), primary(0, 0, 1920, 1080)],
            &[primary(0, 0, 1920, 1080)],
            &[primary(0, 0, 1024, 768)],
        ];
        for monitors in layouts {
            let first = place(&request(monitors)).unwrap();
            let swapped = place(&Request {
                swapped: true,
                ..request(monitors)
            })
            .unwrap();
            let back = place(&request(monitors)).unwrap();
            assert_eq!(first, back);
            assert_ne!(first, swapped, "{monitors:?}");
            assert_on_screen(monitors, &swapped);
            if monitors.len() > 1 {
                assert_eq!(swapped.presenter_monitor, first.audience_monitor);
                assert_eq!(swapped.audience_monitor, first.presenter_monitor);
            }
        }
    }

    #[test]
    fn swapping_on_one_screen_never_pushes_the_presenter_off_it() {
        for (width, height) in [(1024, 768), (1280, 800), (1366, 768), (1920, 1080)] {
            let monitors = [primary(0, 0, width, height)];
            for presenter in [
                None,
                Some(Rect::new(0, 0, width, height)),
                Some(Rect::new(width - 200, height - 100, 1280, 800)),
            ] {
                let placed = place(&Request {
                    presenter_now: presenter,
                    swapped: true,
                    ..request(&monitors)
                })
                .unwrap();
                assert_on_screen(&monitors, &placed);
                if placed.arrangement == Arrangement::SideBySide {
                    assert_eq!(placed.presenter.right(), width, "the presenter moves right");
                    assert_eq!(placed.audience.x, 0);
                } else {
                    assert_eq!(
                        placed.audience.right(),
                        placed.presenter.right(),
                        "the audience window moves to the other top corner"
                    );
                }
            }
        }
    }

    #[test]
    fn the_frame_and_title_bar_stay_on_the_screen_too() {
        let frame = Frame {
            width: 4,
            height: 30,
        };
        let monitors = [primary(0, 0, 1920, 1080), monitor(1920, 0, 1024, 768)];
        let placed = place(&Request {
            frame: Some(frame),
            ..request(&monitors)
        })
        .unwrap();
        assert_eq!(placed.presenter, Rect::new(318, 125, 1284, 830));
        let one = [primary(0, 0, 1920, 1080)];
        let placed = place(&Request {
            frame: Some(frame),
            ..request(&one)
        })
        .unwrap();
        assert_eq!(placed.audience, Rect::new(1284, 0, 636, 385));
        assert_on_screen(&one, &placed);
    }

    #[test]
    fn one_1024x768_screen_with_no_frame_reported_maximizes_the_presenter_window() {
        // X11 before the window manager has framed the window: its rectangle is its inside.
        let monitors = [primary(0, 0, 1024, 768)];
        let placed = place(&Request {
            presenter_now: Some(Rect::new(0, 0, 1024, 768)),
            frame: None,
            ..request(&monitors)
        })
        .unwrap();
        assert!(placed.presenter_maximized);
        assert_eq!(placed.presenter, Rect::new(0, 0, 1024, 768));
        assert_eq!(
            placed.frame,
            Frame {
                width: 4,
                height: 38
            }
        );
        assert_eq!(
            placed.audience.y,
            38 + 36,
            "below a typical title bar and the top bar"
        );
        assert_on_screen(&monitors, &placed);
        // The same at scale 2: the typical frame in pixels.
        let monitors = [Monitor {
            scale: 2.0,
            ..primary(0, 0, 2048, 1536)
        }];
        let placed = place(&Request {
            frame: None,
            ..request(&monitors)
        })
        .unwrap();
        assert!(placed.presenter_maximized);
        assert_eq!(
            placed.frame,
            Frame {
                width: 8,
                height: 76
            }
        );
    }

    #[test]
    fn with_no_frame_reported_a_window_smaller_than_its_screen_leaves_room_for_one() {
        let monitors = [primary(0, 0, 1920, 1080), monitor(1920, 0, 1024, 768)];
        let placed = place(&Request {
            presenter_now: Some(Rect::new(100, 250, 1280, 800)),
            frame: None,
            ..request(&monitors)
        })
        .unwrap();
        assert!(!placed.presenter_maximized);
        assert_eq!(
            placed.presenter,
            Rect::new(100, 242, 1284, 838),
            "raised so that a frame fits under the screen's bottom edge"
        );
        // Reported without a frame, the same window stays where it is.
        let placed = place(&Request {
            presenter_now: Some(Rect::new(100, 250, 1280, 800)),
            ..request(&monitors)
        })
        .unwrap();
        assert_eq!(placed.presenter, Rect::new(100, 250, 1280, 800));
    }

    #[test]
    fn side_by_side_the_presenter_window_is_never_maximized_over_the_audience_window() {
        let monitors = [primary(0, 0, 1920, 1080)];
        let placed = place(&Request {
            presenter_now: Some(Rect::new(0, 0, 1920, 1080)),
            frame: None,
            ..request(&monitors)
        })
        .unwrap();
        assert_eq!(placed.arrangement, Arrangement::SideBySide);
        assert!(!placed.presenter_maximized);
        assert_eq!(placed.presenter.overlap(&placed.audience), 0);
        assert_on_screen(&monitors, &placed);
    }

    #[test]
    fn no_usable_monitor_leaves_the_windows_alone() {
        assert_eq!(place(&request(&[])), None);
        assert_eq!(place(&request(&[monitor(0, 0, 0, 0)])), None);
    }

    #[test]
    fn every_layout_keeps_both_windows_on_a_monitor() {
        let layouts: [&[Monitor]; 6] = [
            &[primary(0, 0, 1024, 768)],
            &[primary(0, 0, 1366, 768)],
            &[primary(0, 0, 2944, 1080)],
            &[primary(0, 0, 1920, 1080), monitor(1920, 0, 1024, 768)],
            &[monitor(-1024, -200, 1024, 768), primary(0, 0, 1280, 800)],
            &[
                primary(0, 0, 1920, 1080),
                monitor(0, -768, 1024, 768),
                monitor(1920, 0, 3840, 2160),
            ],
        ];
        let geometries = [
            None,
            Some(Rect::new(319, 127, 1280, 800)),
            Some(Rect::new(-5000, -5000, 300, 200)),
            Some(Rect::new(10, 10, 9000, 9000)),
            Some(Rect::new(1900, 500, 1280, 800)),
        ];
        for monitors in layouts {
            for presenter in geometries {
                for audience in geometries {
                    for swapped in [false, true] {
                        let placed = place(&Request {
                            monitors,
                            presenter_now: None,
                            remembered: Remembered {
                                presenter,
                                audience,
                            },
                            frame: Some(Frame {
                                width: 2,
                                height: 24,
                            }),
                            swapped,
                        })
                        .unwrap();
                        assert_on_screen(monitors, &placed);
                        assert_eq!(
                            placed.presenter_monitor != placed.audience_monitor,
                            monitors.len() > 1
                        );
                    }
                }
            }
        }
    }
}
