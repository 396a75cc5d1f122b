"""The question benchmark: held-out questions and labelled clips, scored per intent.

    python -m bench.questions            # intent accuracy on the held-out split + ~80 labelled clips
    python -m bench.questions --quick    # the split + ~25 clips, a few minutes (CI); fails only on a crash
"""
