# Admin of this part; imported by resources/admin.py.
