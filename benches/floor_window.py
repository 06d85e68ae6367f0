"""The floor of the workshop-deck benchmark: a full-screen window that shows "Slide N" and
turns to the next number on the Right key, drawn by Tk in about a millisecond. Measured with
the benchmark's own harness (the README's "The workshop-deck benchmark" gives the command),
the time it takes is what the harness itself adds (starting xdotool, grabbing and comparing
the 1920x1080 screen), which no program can go below.
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
