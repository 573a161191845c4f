# C types for the compiled doclint/prefilter.py (read by Cython only: the .py runs
# unchanged without it; see doclint/speedups.py).  The sentence walk handles every
# automaton match, so its offsets and counters are C integers there.
cimport cython

@cython.locals(n=Py_ssize_t, s=Py_ssize_t, lo=Py_ssize_t, hi=Py_ssize_t, base=Py_ssize_t,
               last=Py_ssize_t, end=Py_ssize_t, wid=Py_ssize_t, following=Py_ssize_t)
cpdef _walk(chunks, list starts, list mask, Py_ssize_t n_text, dict out, decide, wordless)
