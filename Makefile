# Thin wrapper: the real steps are in ./kit, so that machines without make work too.
.PHONY: demo test lab setup
demo test lab setup:
	./kit $@
