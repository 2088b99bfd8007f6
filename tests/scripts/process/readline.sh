# Drives an interactive bash, whose lines go through readline; its prompts and echo are not the case's output.
printf 'true first line\ntrue second line\n' | bash --norc --noprofile -i >/dev/null 2>&1
