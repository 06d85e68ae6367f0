//! The monitors the window system has now, for [`crate::placement`]: eframe runs on an event
//! loop of Podium's own, wrapped so that winit's list of monitors (positions, sizes, scale,
//! the primary one) is read on the event loop's thread and shared with the app. egui itself
//! only knows the size of the monitor a window is on.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use eframe::{EframeWinitApplication, UserEvent};
use winit::application::ApplicationHandler;
use winit::event::{DeviceEvent, DeviceId, StartCause, WindowEvent};
use winit::event_loop::ActiveEventLoop;
use winit::window::WindowId;

use egui::{ViewportCommand, ViewportId};

use crate::placement::{Frame, Monitor, Placement, Rect, Remembered, Request, place};

/// The monitors as last read; empty until the event loop has started (or where the window
/// system says nothing), in which case windows are left where they open.
pub type MonitorList = Arc<Mutex<Vec<Monitor>>>;

/// How often the list is read again, so a projector plugged in during a show is seen.
const READ_EVERY: Duration = Duration::from_secs(2);

/// eframe's application with the monitor list kept up to date; everything else is passed on.
pub struct WithMonitors<'a> {
    pub app: EframeWinitApplication<'a>,
    pub monitors: MonitorList,
    read_at: Option<Instant>,
}

impl<'a> WithMonitors<'a> {
    pub fn new(app: EframeWinitApplication<'a>, monitors: MonitorList) -> Self {
        Self {
            app,
            monitors,
            read_at: None,
        }
    }

    fn read(&mut self, event_loop: &ActiveEventLoop) {
        let now = Instant::now();
        if self
            .read_at
            .is_some_and(|at| now.saturating_duration_since(at) < READ_EVERY)
        {
            return;
        }
        self.read_at = Some(now);
        let primary = event_loop.primary_monitor();
        let list: Vec<Monitor> = event_loop
            .available_monitors()
            .map(|m| {
                let (position, size) = (m.position(), m.size());
                Monitor {
                    area: Rect::new(
                        position.x,
                        position.y,
                        i32::try_from(size.width).unwrap_or(i32::MAX),
                        i32::try_from(size.height).unwrap_or(i32::MAX),
                    ),
                    scale: m.scale_factor() as f32,
                    primary: primary.as_ref() == Some(&m),
                }
            })
            .collect();
        if let Ok(mut monitors) = self.monitors.lock() {
            *monitors = list;
        }
    }
}

impl ApplicationHandler<UserEvent> for WithMonitors<'_> {
    fn new_events(&mut self, event_loop: &ActiveEventLoop, cause: StartCause) {
        self.read(event_loop);
        self.app.new_events(event_loop, cause);
    }

    fn resumed(&mut self, event_loop: &ActiveEventLoop) {
        self.read(event_loop);
        self.app.resumed(event_loop);
    }

    fn user_event(&mut self, event_loop: &ActiveEventLoop, event: UserEvent) {
        self.app.user_event(event_loop, event);
    }

    fn window_event(
        &mut self,
        event_loop: &ActiveEventLoop,
        window_id: WindowId,
        event: WindowEvent,
    ) {
        self.app.window_event(event_loop, window_id, event);
    }

    fn device_event(
        &mut self,
        event_loop: &ActiveEventLoop,
        device_id: DeviceId,
        event: DeviceEvent,
    ) {
        self.app.device_event(event_loop, device_id, event);
    }

    fn about_to_wait(&mut self, event_loop: &ActiveEventLoop) {
        self.app.about_to_wait(event_loop);
    }

    fn suspended(&mut self, event_loop: &ActiveEventLoop) {
        self.app.suspended(event_loop);
    }

    fn exiting(&mut self, event_loop: &ActiveEventLoop) {
        self.app.exiting(event_loop);
    }

    fn memory_warning(&mut self, event_loop: &ActiveEventLoop) {
        self.app.memory_warning(event_loop);
    }
}

/// Where the windows go now, as [`place_presenter`] worked it out.
pub struct Placed {
    pub placement: Placement,
    /// Physical pixels per point of the presenter window.
    pub ppp: f32,
}

/// Works out where the windows go from `monitors` (see [`crate::placement`]) and moves the
/// presenter window there: maximized when it fills its screen, else to its place and size.
/// With `only_to_fit`, a window that lies wholly on a monitor, frame included, is left where
/// it is. `None`, with nothing moved, while the monitors or the window's place are unknown.
pub fn place_presenter(
    ctx: &egui::Context,
    monitors: &[Monitor],
    swapped: bool,
    only_to_fit: bool,
) -> Option<Placed> {
    let (outer, inner, ppp, maximized) = ctx.input(|i| {
        let v = i.viewport();
        (
            v.outer_rect,
            v.inner_rect,
            v.native_pixels_per_point.unwrap_or(i.pixels_per_point),
            v.maximized.unwrap_or(false),
        )
    });
    let (outer, inner) = (outer?, inner?);
    if monitors.is_empty() {
        return None;
    }
    let px = |v: f32| (v * ppp).round() as i32;
    let reported = Frame {
        width: px(outer.width() - inner.width()).max(0),
        height: px(outer.height() - inner.height()).max(0),
    };
    // No frame reported: the window manager may not have framed the window yet.
    let frame = (reported != Frame::default()).then_some(reported);
    let now_at = Rect::new(
        px(outer.min.x),
        px(outer.min.y),
        px(outer.width()),
        px(outer.height()),
    );
    let placement = place(&Request {
        monitors,
        presenter_now: Some(now_at),
        remembered: Remembered::default(),
        frame,
        swapped,
    })?;
    let with_frame = match frame {
        Some(_) => now_at,
        None => Rect {
            width: now_at.width + placement.frame.width,
            height: now_at.height + placement.frame.height,
            ..now_at
        },
    };
    let fits = monitors.iter().any(|m| with_frame.within(&m.area));
    if only_to_fit && fits && !placement.presenter_maximized {
        return Some(Placed { placement, ppp });
    }
    let points = |v: i32| v as f32 / ppp;
    let presenter = placement.presenter;
    let send = |command| ctx.send_viewport_cmd_to(ViewportId::ROOT, command);
    if placement.presenter_maximized {
        if !maximized || now_at.overlap(&presenter) == 0 {
            if maximized {
                send(ViewportCommand::Maximized(false));
            }
            // Onto its monitor first, so the window manager maximizes it there.
            send(ViewportCommand::OuterPosition(egui::pos2(
                points(presenter.x),
                points(presenter.y),
            )));
            send(ViewportCommand::Maximized(true));
        }
    } else if presenter != now_at {
        if maximized {
            send(ViewportCommand::Maximized(false));
        }
        send(ViewportCommand::OuterPosition(egui::pos2(
            points(presenter.x),
            points(presenter.y),
        )));
        send(ViewportCommand::InnerSize(egui::vec2(
            points(presenter.width - placement.frame.width),
            points(presenter.height - placement.frame.height),
        )));
    }
    Some(Placed { placement, ppp })
}
