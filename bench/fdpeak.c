/* fdpeak: the most file descriptors a process held at once, by sampling.
 *
 *   fdpeak PIDFILE OUT [INTERVAL_US [DEADLINE_S]]
 *
 * Waits for PIDFILE to name one or more pids (one a line: bench/selfcpu.so
 * appends the pid of the tool it is preloaded into when $SELFCPU_PIDS names
 * that file), then every INTERVAL_US microseconds (default 2000) counts the
 * entries of /proc/PID/fd of each, and keeps the largest sum seen. Each
 * sample also reads FDSize from /proc/PID/status: the size of the
 * process's fd table, which the kernel grows (to 128 times a power of two)
 * when it must hand out an fd number that does not fit, and never shrinks.
 * It is exact where sampling is not: the process never held more than
 * FDSize fds at once, and, as the kernel hands out the lowest free number,
 * a table grown past 64 means it once held more than FDSize/2 (unless the
 * program asked for a high number itself, with dup2 or F_DUPFD).
 *
 * Each sample also reads the number of tasks (processes and threads) on
 * the whole machine from /proc/loadavg, to compare with the process limits.
 *
 * With DEADLINE_S, a watchdog too: pids still there that many seconds after
 * they were found get SIGTERM, and SIGKILL 5 s later (a hung tool must not
 * stall a benchmark).
 *
 * Stops when every pid it found has ended (or is a zombie), or on SIGTERM
 * or SIGINT, and then writes one line to OUT:
 *
 *   max_fds fdsize samples max_tasks killed
 *
 * (killed: 1 if the watchdog signalled them, else 0).
 * max_fds is 0 when the pid file never appeared (the tool ended, or failed
 * to start, before a first sample). Threads share their process's fd table,
 * so /proc/PID/fd counts theirs too; forked children are not counted.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_PIDS 16

static volatile sig_atomic_t stop;
static void on_signal(int sig) {
  (void)sig;
  stop = 1;
}

/* Entries of /proc/PID/fd, or -1 when it cannot be read (gone). Linux 6.2
 * and later give the count as the directory's st_size, counted from the fd
 * bitmap: cheap. Before that (st_size 0), the directory is listed, which
 * makes a dentry per fd: 0.7 ms a sample for 1,500 fds on the bench machine. */
static long count_fds(int pid) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/fd", pid);
  struct stat st;
  if (stat(path, &st) != 0) return -1;
  if (st.st_size > 0) return (long)st.st_size;
  int dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return -1;
  char buf[32768];
  long n = 0;
  for (;;) {
    long got = syscall(SYS_getdents64, dfd, buf, sizeof buf);
    if (got <= 0) break;
    for (long off = 0; off < got;) {
      struct {
        unsigned long long ino;
        long long off;
        unsigned short reclen;
        unsigned char type;
        char name[];
      } *d = (void *)(buf + off);
      if (d->name[0] != '.') n++;
      off += d->reclen;
    }
  }
  close(dfd);
  return n;
}

/* The start of a small /proc file as a string in buf; 0 if unreadable. */
static int read_proc_file(const char *path, char *buf, size_t size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t got = read(fd, buf, size - 1);
  close(fd);
  if (got <= 0) return 0;
  buf[got] = '\0';
  return 1;
}

static long read_fdsize(int pid) {
  char path[64], buf[4096];
  snprintf(path, sizeof path, "/proc/%d/status", pid);
  if (!read_proc_file(path, buf, sizeof buf)) return -1;
  char *p = strstr(buf, "\nFDSize:");
  return p ? strtol(p + 8, NULL, 10) : -1;
}

/* Tasks on the machine: the number after the slash in /proc/loadavg. */
static long read_tasks(void) {
  char buf[256];
  if (!read_proc_file("/proc/loadavg", buf, sizeof buf)) return -1;
  char *p = strchr(buf, '/');
  return p ? strtol(p + 1, NULL, 10) : -1;
}

static int alive(int pid) {
  char path[64], buf[512];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t got = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (got <= 0) return 0;
  buf[got] = '\0';
  char *p = strrchr(buf, ')');
  return p && p[1] == ' ' && p[2] != 'Z' && p[2] != 'X';
}

/* Reads the pids in the file (up to MAX_PIDS), each once; returns how many.
 * A pid may be there twice: a script that execs the tool (/usr/bin/pdsh is
 * a bash script that execs pdsh.bin) loads the library in both images, and
 * bash passes on the environment it read at its start. */
static int read_pids(const char *file, int *pids) {
  FILE *f = fopen(file, "re");
  if (!f) return 0;
  int n = 0, pid;
  while (n < MAX_PIDS && fscanf(f, "%d", &pid) == 1) {
    int seen = 0;
    for (int i = 0; i < n; i++) seen |= pids[i] == pid;
    if (pid > 0 && !seen) pids[n++] = pid;
  }
  fclose(f);
  return n;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: fdpeak PIDFILE OUT [INTERVAL_US [DEADLINE_S]]\n");
    return 2;
  }
  long interval_us = argc > 3 ? strtol(argv[3], NULL, 10) : 2000;
  if (interval_us <= 0) interval_us = 2000;
  long deadline_s = argc > 4 ? strtol(argv[4], NULL, 10) : 0;
  struct timespec found_at = {0, 0};
  int killed = 0;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);

  int pids[MAX_PIDS], npids = 0;
  long max_fds = 0, fdsize = 0, samples = 0, max_tasks = 0;
  struct timespec pause = {interval_us / 1000000, (interval_us % 1000000) * 1000};
  while (!stop) {
    if (npids == 0 || samples % 64 == 0) {
      int fresh[MAX_PIDS];
      int n = read_pids(argv[1], fresh);
      if (n > npids) {
        if (npids == 0) clock_gettime(CLOCK_MONOTONIC, &found_at);
        memcpy(pids, fresh, sizeof(int) * (size_t)n);
        npids = n;
      }
    }
    if (npids > 0) {
      long sum = 0;
      int live = 0;
      for (int i = 0; i < npids; i++) {
        long c = count_fds(pids[i]);
        if (c >= 0) sum += c;
        if (c >= 0 && alive(pids[i])) live++;
        if (c >= 0) {
          long s = read_fdsize(pids[i]);
          if (s > fdsize) fdsize = s;
        }
      }
      samples++;
      if (sum > max_fds) max_fds = sum;
      long tasks = read_tasks();
      if (tasks > max_tasks) max_tasks = tasks;
      if (!live) break;
      if (deadline_s > 0) {
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        long age_ms = (long)(t.tv_sec - found_at.tv_sec) * 1000 +
                      (t.tv_nsec - found_at.tv_nsec) / 1000000;
        if (age_ms >= (deadline_s + 5L * killed) * 1000) {
          for (int i = 0; i < npids; i++) kill(pids[i], killed ? SIGKILL : SIGTERM);
          killed++;
        }
      }
    }
    nanosleep(&pause, NULL);
  }
  FILE *out = fopen(argv[2], "we");
  if (!out) return 1;
  fprintf(out, "%ld %ld %ld %ld %d\n", max_fds, fdsize, samples, max_tasks, killed > 0);
  fclose(out);
  return 0;
}
