# Remake the deck images: `python3 decks/assets/src/make_assets.py` (needs Pillow and the DejaVu fonts).
"""Draws the PNG diagrams and charts that decks/selling-on-how.ron shows on Picture slides.

Every image carries its own dark background, so it reads the same on a Light, Dark or
HighContrast deck. Drawing happens at twice the final size and is scaled down, which gives
smooth lines and text. To show your own team's figures, edit LOST_DEALS below (the example
wording lives in each function) and run the script again.
"""

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent  # decks/assets/
SCALE = 2  # supersampling factor

FONT_DIRS = [
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
]

BG = (22, 30, 44)
PANEL = (35, 47, 66)
GRID = (58, 72, 94)
TEXT = (243, 246, 250)
MUTED = (168, 181, 200)
AMBER = (251, 191, 36)
TEAL = (45, 212, 191)
RED = (248, 113, 113)
BLUE = (96, 165, 250)
SLATE = (120, 140, 170)

# Why deals were lost last quarter. Illustrative numbers: replace with your own.
LOST_DEALS_PERIOD = "Q3"
LOST_DEALS = [
    ("Price: “the competitor was cheaper”", 21, AMBER),
    ("No decision: stayed with current supplier", 12, SLATE),
    ("Competitor seen as a better fit", 8, SLATE),
    ("Timing or budget moved", 5, SLATE),
    ("Missing product feature", 4, TEAL),
]


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        path = folder / name
        if path.exists():
            return ImageFont.truetype(str(path), size * SCALE)
    raise SystemExit(f"font {name} not found; install fonts-dejavu-core")


class Canvas:
    """An image drawn at SCALE times its final size, in final-size coordinates."""

    def __init__(self, width: int, height: int):
        self.width, self.height = width, height
        self.img = Image.new("RGB", (width * SCALE, height * SCALE), BG)
        self.d = ImageDraw.Draw(self.img)

    @staticmethod
    def s(*values):
        return [v * SCALE for v in values]

    def rect(self, x0, y0, x1, y1, fill=None, outline=None, width=0, radius=0):
        self.d.rounded_rectangle(
            self.s(x0, y0, x1, y1),
            radius=radius * SCALE,
            fill=fill,
            outline=outline,
            width=width * SCALE,
        )

    def line(self, points, fill, width):
        self.d.line([(x * SCALE, y * SCALE) for x, y in points], fill=fill, width=width * SCALE, joint="curve")

    def polygon(self, points, fill):
        self.d.polygon([(x * SCALE, y * SCALE) for x, y in points], fill=fill)

    def circle(self, x, y, r, fill=None, outline=None, width=0):
        self.d.ellipse(self.s(x - r, y - r, x + r, y + r), fill=fill, outline=outline, width=width * SCALE)

    def text(self, x, y, txt, f, fill=TEXT, anchor="la"):
        self.d.text((x * SCALE, y * SCALE), txt, font=f, fill=fill, anchor=anchor)

    def text_width(self, txt, f) -> float:
        return self.d.textlength(txt, font=f) / SCALE

    def wrap(self, txt, f, max_width):
        lines = []
        for paragraph in txt.split("\n"):
            words, line = paragraph.split(), ""
            for word in words:
                trial = f"{line} {word}".strip()
                if self.text_width(trial, f) <= max_width or not line:
                    line = trial
                else:
                    lines.append(line)
                    line = word
            lines.append(line)
        return lines

    def para(self, x, y, txt, f, max_width, fill=TEXT, spacing=1.3, anchor="la"):
        """Draws wrapped text from (x, y); returns the y below the last line."""
        size = f.size / SCALE
        for line in self.wrap(txt, f, max_width):
            self.text(x, y, line, f, fill, anchor)
            y += size * spacing
        return y

    def arrow(self, x0, y0, x1, y1, fill, width=8, head=26):
        angle = math.atan2(y1 - y0, x1 - x0)
        bx, by = x1 - head * math.cos(angle), y1 - head * math.sin(angle)
        self.line([(x0, y0), (bx, by)], fill, width)
        left = (bx + head * 0.6 * math.sin(angle), by - head * 0.6 * math.cos(angle))
        right = (bx - head * 0.6 * math.sin(angle), by + head * 0.6 * math.cos(angle))
        self.polygon([(x1, y1), left, right], fill)

    def save(self, name: str):
        final = self.img.resize((self.width, self.height), Image.LANCZOS)
        # A 256-colour palette keeps the files small; the images are flat colour anyway.
        final = final.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        path = OUT / name
        final.save(path, optimize=True)
        print(f"{path}  {self.width}x{self.height}  {path.stat().st_size // 1024} KB")


def commodity_trap():
    """1920x1080: as products converge, price becomes the decider; the way out is how you sell."""
    c = Canvas(1920, 1080)
    c.text(100, 70, "The commodity trap", font(76, True))
    c.text(100, 172, "As products look more alike, price becomes the decider", font(40), MUTED)

    # Chart frame.
    x0, y0, x1, y1 = 170, 340, 1230, 880
    for i in range(1, 5):
        y = y1 - (y1 - y0) * i / 4
        c.line([(x0, y), (x1, y)], GRID, 2)
    c.line([(x0, y0 - 10), (x0, y1), (x1 + 10, y1)], MUTED, 4)
    c.text(x0 - 30, y0 - 10, "high", font(28), MUTED, "ra")
    c.text(x0 - 30, y1, "low", font(28), MUTED, "rd")
    ticks = ["Launch", "Year 2", "Year 4", "Year 6"]
    for i, label in enumerate(ticks):
        x = x0 + (x1 - x0) * i / (len(ticks) - 1)
        c.line([(x, y1), (x, y1 + 14)], MUTED, 4)
        c.text(x, y1 + 26, label, font(30), MUTED, "ma")
    c.text((x0 + x1) / 2, y1 + 90, "Time on the market", font(32, True), MUTED, "ma")

    def curve(fn):
        pts = []
        for k in range(201):
            t = k / 200
            pts.append((x0 + (x1 - x0) * t, y1 - (y1 - y0) * fn(t)))
        return pts

    difference = curve(lambda t: 0.08 + 0.84 * math.exp(-3.2 * t))
    price = curve(lambda t: 0.08 + 0.84 / (1 + math.exp(-9 * (t - 0.42))))

    # Where the curves cross, the trap closes: shade the price-decides side.
    cross = min(range(len(difference)), key=lambda k: abs(difference[k][1] - price[k][1]))
    cx, cy = difference[cross]
    shade = [(cx, y0), (x1, y0), (x1, y1), (cx, y1)]
    overlay = Image.new("RGBA", c.img.size, (0, 0, 0, 0))
    ImageDraw.Draw(overlay).polygon([(x * SCALE, y * SCALE) for x, y in shade], fill=(248, 113, 113, 38))
    c.img = Image.alpha_composite(c.img.convert("RGBA"), overlay).convert("RGB")
    c.d = ImageDraw.Draw(c.img)
    for y in range(int(y0) - 8, int(cy) - 20, 24):  # dashed marker from the crossing up
        c.line([(cx, y), (cx, min(y + 12, cy - 20))], TEXT, 3)
    c.text(cx, y0 - 52, "The trap closes", font(30, True), TEXT, "ma")
    c.text(x1, y0 - 52, "Price decides", font(30, True), RED, "ra")

    c.line(difference, TEAL, 10)
    c.line(price, AMBER, 10)
    c.circle(cx, cy, 20, fill=BG, outline=TEXT, width=6)

    # Curve labels, placed in the open space beside each line.
    c.text(x0 + 70, y0 + 14, "How different our product", font(32, True), TEAL)
    c.text(x0 + 70, y0 + 56, "looks to the buyer", font(32, True), TEAL)
    c.text(x1 - 24, y0 + 110, "How much price", font(32, True), AMBER, "ra")
    c.text(x1 - 24, y0 + 152, "decides the deal", font(32, True), AMBER, "ra")

    # The way out.
    px0, py0, px1, py1 = 1320, 288, 1840, 960
    c.rect(px0, py0, px1, py1, fill=PANEL, radius=28)
    c.rect(px0, py0, px0 + 12, py1, fill=TEAL, radius=6)
    y = c.para(px0 + 50, py0 + 40, "The way out", font(44, True), 430)
    y = c.para(px0 + 50, y + 6, "Make how you sell the difference they can't copy:", font(30), 430, MUTED)
    steps = [
        "Plan each call around a commitment",
        "Ask questions that show the cost of the problem",
        "Agree the need before you present",
        "Present only what matters to them",
    ]
    y += 26
    for step in steps:
        c.circle(px0 + 64, y + 20, 10, fill=TEAL)
        y = c.para(px0 + 92, y, step, font(31, True), 400) + 24
    c.save("commodity-trap.png")


def lost_deals():
    """1600x900: horizontal bar chart of the reasons recorded for lost deals."""
    c = Canvas(1600, 900)
    total = sum(n for _, n, _ in LOST_DEALS)
    c.text(80, 56, f"Why we lost deals in {LOST_DEALS_PERIOD}", font(60, True))
    c.text(80, 138, f"{total} lost deals, by the main reason recorded at close", font(34), MUTED)

    label_x, bar_x, bar_max = 80, 720, 640
    top, row = 222, 100
    biggest = max(n for _, n, _ in LOST_DEALS)
    for i, (label, n, colour) in enumerate(LOST_DEALS):
        y = top + i * row
        c.para(label_x, y + 6, label, font(31, True), bar_x - label_x - 30, TEXT, spacing=1.2)
        width = bar_max * n / biggest
        c.rect(bar_x, y, bar_x + bar_max, y + 72, fill=PANEL, radius=12)
        c.rect(bar_x, y, bar_x + width, y + 72, fill=colour, radius=12)
        pct = round(100 * n / total)
        value = f"{n}  ({pct}%)"
        f = font(32, True)
        if c.text_width(value, f) + 40 < width:
            c.text(bar_x + width - 20, y + 36, value, f, BG, "rm")
        else:
            c.text(bar_x + width + 20, y + 36, value, f, TEXT, "lm")

    feature = LOST_DEALS[-1][1]
    y = top + len(LOST_DEALS) * row + 12
    c.rect(80, y, 1520, y + 78, fill=PANEL, radius=16)
    c.rect(80, y, 92, y + 78, fill=TEAL, radius=6)
    c.text(118, y + 39, f"Only {feature} of {total} were lost on what we sell.", font(33, True), TEAL, "lm")
    c.text(1500, y + 39, "The rest were lost on how.", font(33, True), TEXT, "rm")
    c.text(80, 884, "Illustrative figures for the workshop: put your own pipeline numbers in make_assets.py.",
           font(22), MUTED, "ld")
    c.save("lost-deals.png")


def call_plan():
    """1600x900: objective, questions, commitment; advance versus continuation."""
    c = Canvas(1600, 900)
    c.text(80, 56, "Plan the call around the commitment", font(58, True))
    c.text(80, 134, "Decide what you want the buyer to do before you decide what to say", font(32), MUTED)

    boxes = [
        ("1", "OBJECTIVE", "The commitment you want from the buyer, plus a fall-back",
         "“Dana brings Sam from operations to a line walk on the 14th.”", TEAL),
        ("2", "QUESTIONS", "What you must learn, and what the buyer must realise",
         "“When the film tears on line 2, what does that do to the shift?”", BLUE),
        ("3", "COMMITMENT", "Summarise the need, then ask for the step in plain words",
         "“Shall we put the 14th in the diary with Sam?”", AMBER),
    ]
    bw, gap, by0, by1 = 420, 80, 205, 655
    for i, (num, head, what, example, colour) in enumerate(boxes):
        bx = 80 + i * (bw + gap)
        c.rect(bx, by0, bx + bw, by1, fill=PANEL, radius=24)
        c.rect(bx, by0, bx + bw, by0 + 14, fill=colour, radius=7)
        c.circle(bx + 60, by0 + 78, 32, fill=colour)
        c.text(bx + 60, by0 + 78, num, font(38, True), BG, "mm")
        c.text(bx + 110, by0 + 78, head, font(35, True), colour, "lm")
        y = c.para(bx + 32, by0 + 140, what, font(28, True), bw - 64)
        c.line([(bx + 32, y + 14), (bx + bw - 32, y + 14)], GRID, 2)
        c.para(bx + 32, y + 34, example, font(27), bw - 64, MUTED)
        if i < len(boxes) - 1:
            ax = bx + bw + 12
            c.arrow(ax, (by0 + by1) / 2, ax + gap - 24, (by0 + by1) / 2, TEXT, width=8, head=28)

    # Advance versus continuation.
    y0, y1 = 690, 860
    half = 80 + (1440 - 20) / 2
    c.rect(80, y0, half, y1, fill=(24, 66, 66), radius=20)
    c.rect(half + 20, y0, 1520, y1, fill=(76, 36, 44), radius=20)
    c.text(110, y0 + 28, "ADVANCE", font(32, True), TEAL)
    c.para(110, y0 + 76, "The buyer does something specific that moves the sale forward.", font(28), half - 150)
    c.text(half + 50, y0 + 28, "CONTINUATION", font(32, True), RED)
    c.para(half + 50, y0 + 76, "“Great meeting, let's stay in touch.” Nobody committed to anything.",
           font(28), 1520 - half - 90)
    c.save("call-plan.png")


def question_ladder():
    """1600x900: situation, problem, implication and need-payoff questions as a staircase."""
    c = Canvas(1600, 900)
    c.text(80, 56, "Questions that climb", font(58, True))
    c.text(80, 134, "Spend your time on the upper steps: they make the problem worth solving", font(32), MUTED)

    steps = [
        ("Situation", "Facts and background", "“Which wrappers run on line 2?”", SLATE),
        ("Problem", "Difficulties they admit", "“Where does the film give you trouble?”", BLUE),
        ("Implication", "What it costs, who feels it", "“When it tears, what happens to the shift's output?”", AMBER),
        ("Need-payoff", "The value of fixing it, in their words", "“What would a week without stops be worth?”", TEAL),
    ]
    sw, base, rise = 350, 826, 120
    for i, (name, what, example, colour) in enumerate(steps):
        x0 = 80 + i * (sw + 10)
        top = base - 260 - i * rise
        c.rect(x0, top, x0 + sw, base, fill=PANEL, radius=18)
        c.rect(x0, top, x0 + sw, top + 12, fill=colour, radius=6)
        c.text(x0 + 26, top + 36, name, font(36, True), colour)
        y = c.para(x0 + 26, top + 94, what, font(27, True), sw - 52)
        c.para(x0 + 26, y + 14, example, font(25), sw - 52, MUTED)
    # A bracket over the two lower steps.
    bx0, bx1, by = 80, 80 + 2 * sw + 10, 396
    c.line([(bx0, by + 24), (bx0, by), (bx1, by), (bx1, by + 24)], MUTED, 4)
    c.text((bx0 + bx1) / 2, by - 16, "Most calls never leave these two steps", font(30, True), MUTED, "md")
    c.text(1520, 884, "After Neil Rackham, SPIN Selling (1988)", font(22), MUTED, "rd")
    c.save("question-ladder.png")


if __name__ == "__main__":
    commodity_trap()
    lost_deals()
    call_plan()
    question_ladder()
