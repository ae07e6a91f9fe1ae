"""nbgrader: the solutions are the source, the exercises are generated from them.

    nbgrader generate_assignment attribution --force     (or: python tools/make_exercises.py)
"""

c = get_config()  # noqa: F821 - provided by nbgrader

c.CourseDirectory.course_id = "medialit"  # nbgrader's release and collect need one; change it per class
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
# editor debris never travels with an assignment
# (students' highlight files are NOT ignored: autograding must copy them from the submission)
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.bak"]

# A solution region becomes nothing at all: each task says "YOUR CODE HERE" itself and starts
# from a value that fails its tests, and the highlighting cells still show the widget.
c.ClearSolutions.code_stub = {"python": ""}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# A student who deletes a locked test cell is still graded: the cell is put back.
c.OverwriteCells.add_missing_cells = True
# The student's saved highlights are their work: autograding never replaces them.
c.Autograde.exclude_overwriting = {
    "attribution": ["attribution-highlights.json"],
    "hedges": ["hedges-highlights.json"],
    "translation": ["translation-highlights.json"],
}
c.Execute.timeout = 300
