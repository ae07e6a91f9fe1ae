"""nbgrader's settings for this course folder (docs/teacher-guide.md, "Graded assignments with nbgrader").

The solutions are the source; the student versions are generated into exercises/ from them:

    nbgrader generate_assignment attribution --force     (or: python tools/make_exercises.py)

nbgrader reads this file last (after ~/.jupyter and /etc/jupyter), so the course id below is the one
that counts whenever you run nbgrader in this folder: it is the ONE place to set it.
"""

c = get_config()  # noqa: F821 - provided by nbgrader

# Your course's id: change it once, here, before you release anything (students use it to fetch).
c.CourseDirectory.course_id = "medialit"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
# editor debris never travels with an assignment
# (students' highlight files are NOT ignored: collect and autograde must copy them from the submission)
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.bak"]


# A student version never carries highlights (anyone's marks) or a saved widget state (the
# teacher's version shows the key in its Highlighter): they are removed after generating it.
def _clean_release(**kwargs):
    from medialit.assignments import clean_release  # imported only when an assignment is generated

    clean_release(release=c.CourseDirectory.release_directory, **kwargs)


c.GenerateAssignment.post_convert_hook = _clean_release

# A solution region becomes nothing at all: each task says "YOUR CODE HERE" itself and starts
# from a value that is not yet right, and the highlighting cell still shows the widget.
c.ClearSolutions.code_stub = {"python": ""}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# A student who deletes a locked cell is still graded: the cell is put back.
c.OverwriteCells.add_missing_cells = True
# The student's saved highlights are their work: autograding never replaces them.
c.Autograde.exclude_overwriting = {
    "attribution": ["attribution-highlights.json"],
    "hedges": ["hedges-highlights.json"],
    "translation": ["translation-highlights.json"],
}
c.Execute.timeout = 300
