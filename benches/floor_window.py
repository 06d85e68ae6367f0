"""The floor of the workshop-deck benchmark: a full-screen window that shows "Slide N" and
turns to the next number on the Right key, drawn by Tk in about a millisecond. Measured with
the benchmark's own harness, the time it takes is what the harness itself adds (starting
xdotool, grabbing and comparing the 1920x1080 screen), which no program can go below:

    python3 ../shared/bench/measure.py --label floor --whole-screen --runs 3 --warmup 1 \
        --quick-warmup --idle 20 --advances 40 --manifest DECKS/manifest.json \
        --cwd . --home "$(mktemp -d)" --out "$(mktemp -d)" -- "python3 benches/floor_window.py"

DECKS is a folder made by the benchmark's gen_deck.py (the manifest says which slides have
pictures; this window has none, so both figures measure the same thing).
"""

import os
import subprocess
import tkinter as tk

root = tk.Tk()
root.geometry("1920x1080+0+0")
slide = tk.Label(root, text="Slide 1", font=("DejaVu Sans", 80), bg="white")
slide.pack(fill="both", expand=True)
number = [1]


def advance(_event):
    number[0] += 1
    slide.config(text=f"Slide {number[0]}")


root.bind("<Right>", advance)
root.update()
# The harness finds the window by its process id, which Tk does not announce itself.
subprocess.run(
    ["xprop", "-id", root.wm_frame(), "-f", "_NET_WM_PID", "32c", "-set", "_NET_WM_PID", str(os.getpid())],
    check=True,
)
root.mainloop()
