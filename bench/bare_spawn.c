/* bare_spawn: the machine's bare spawn rate, the floor any runner is measured
 * against.
 *
 *   bare_spawn N J
 *
 * Runs `/bin/true SEQ` N times with posix_spawn (SEQ = 1..N), at most J at a
 * time: the same program with the same one argument that shoal, xargs -n1
 * and GNU parallel run for each line of `seq N`. The argument matters:
 * coreutils' true given exactly one argument sets up the locale (to answer
 * --help in the user's language), which costs the child about 40 system
 * calls -- without it this loop would time cheaper jobs than the tools run.
 * Each child gets two fresh pipes (O_CLOEXEC, dup2'ed onto its stdout and stderr by file
 * actions), so the cost per job includes what a runner that captures output
 * must pay at the least. No policy, no event loop: reap any child with
 * waitpid(-1), drain both of its pipes to EOF, close them, start the next.
 * Prints nothing; exits non-zero only if something failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

struct slot {
  pid_t pid;
  int out_fd; /* read ends of the child's stdout and stderr pipes */
  int err_fd;
};

static void drain_and_close(int fd) {
  char buf[4096];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) continue;
    if (n < 0 && errno == EINTR) continue;
    break; /* EOF or error: either way we are done with it */
  }
  close(fd);
}

static int start(struct slot *s, long seq) {
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0) return -1;
  if (pipe2(err, O_CLOEXEC) != 0) {
    close(out[0]);
    close(out[1]);
    return -1;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err[1], 2);
  char seq_text[24];
  snprintf(seq_text, sizeof seq_text, "%ld", seq);
  char *argv[] = {"true", seq_text, NULL};
  int rc = posix_spawn(&s->pid, "/bin/true", &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  /* The parent keeps only the read ends. */
  close(out[1]);
  close(err[1]);
  if (rc != 0) {
    close(out[0]);
    close(err[0]);
    errno = rc;
    return -1;
  }
  s->out_fd = out[0];
  s->err_fd = err[0];
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: bare_spawn N J\n");
    return 2;
  }
  long n = strtol(argv[1], NULL, 10);
  long j = strtol(argv[2], NULL, 10);
  if (n < 0 || j < 1) {
    fprintf(stderr, "bare_spawn: N must be >= 0 and J >= 1\n");
    return 2;
  }
  struct slot *slots = calloc((size_t)j, sizeof *slots);
  if (!slots) return 1;

  long started = 0, running = 0, failed = 0;
  while (started < n || running > 0) {
    /* Fill every free slot. */
    for (long i = 0; i < j && started < n; i++) {
      if (slots[i].pid != 0) continue;
      if (start(&slots[i], started + 1) != 0) {
        perror("bare_spawn: spawn");
        return 1;
      }
      started++;
      running++;
    }
    /* Reap one child, then drain its pipes. */
    int status;
    pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      perror("bare_spawn: waitpid");
      return 1;
    }
    for (long i = 0; i < j; i++) {
      if (slots[i].pid != pid) continue;
      drain_and_close(slots[i].out_fd);
      drain_and_close(slots[i].err_fd);
      slots[i].pid = 0;
      running--;
      break;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) failed++;
  }
  free(slots);
  return failed ? 1 : 0;
}
