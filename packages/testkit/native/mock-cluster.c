/*
 * A Kafka-protocol cluster for tests: librdkafka's mock cluster, driven over stdin.
 *
 *   usage: mock-cluster [brokers]        (default 1; broker ids are 1..brokers)
 *
 * First stdout line: "bootstrap host:port[,host:port...]" (brokers in id order).
 * Then one command per stdin line, each answered by exactly one line, "ok" or "error <reason>":
 *   topic <name> <partitions> <replication-factor>
 *   down <broker> | up <broker> | rtt <broker> <ms>
 *   errors <api-key> <error-code>...
 *   leader <topic> <partition> <broker>
 *   coordinator <group|transaction> <broker> <key>   (the key is the rest of the line)
 *   quit
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#define MAX_LINE 4096
#define MAX_ERRORS 256

static void answer(rd_kafka_resp_err_t err) {
  if (err)
    printf("error %s\n", rd_kafka_err2str(err));
  else
    printf("ok\n");
  /* stdout is a pipe, hence fully buffered: the parent waits for this line before sending more. */
  fflush(stdout);
}

static void fail(const char *reason) {
  printf("error %s\n", reason);
  fflush(stdout);
}

/* Strict integer parsing: a typo must be reported, not silently read as 0. */
static int parse_int(const char *text, long min, long max, long *out) {
  char *end;
  if (!text || !*text) return 0;
  errno = 0;
  long value = strtol(text, &end, 10);
  if (errno || *end || value < min || value > max) return 0;
  *out = value;
  return 1;
}

static void run(rd_kafka_mock_cluster_t *mc, char *line) {
  const char *sep = " \t";
  char *save = NULL;
  char *cmd = strtok_r(line, sep, &save);
  char *a = strtok_r(NULL, sep, &save);
  char *b = strtok_r(NULL, sep, &save);
  long n1, n2;

  if (!cmd) {
    fail("empty command");
  } else if (!strcmp(cmd, "topic")) {
    if (!a || !parse_int(b, 1, 100000, &n1) || !parse_int(strtok_r(NULL, sep, &save), 1, 1000, &n2))
      fail("usage: topic <name> <partitions> <replication-factor>");
    else
      answer(rd_kafka_mock_topic_create(mc, a, (int)n1, (int)n2));
  } else if (!strcmp(cmd, "down") || !strcmp(cmd, "up")) {
    if (!parse_int(a, 0, INT32_MAX, &n1) || b)
      fail("usage: down|up <broker>");
    else
      answer(!strcmp(cmd, "down") ? rd_kafka_mock_broker_set_down(mc, (int32_t)n1)
                                  : rd_kafka_mock_broker_set_up(mc, (int32_t)n1));
  } else if (!strcmp(cmd, "rtt")) {
    if (!parse_int(a, 0, INT32_MAX, &n1) || !parse_int(b, 0, INT32_MAX, &n2))
      fail("usage: rtt <broker> <ms>");
    else
      answer(rd_kafka_mock_broker_set_rtt(mc, (int32_t)n1, (int)n2));
  } else if (!strcmp(cmd, "errors")) {
    rd_kafka_resp_err_t errs[MAX_ERRORS];
    size_t cnt = 0;
    int ok = parse_int(a, 0, INT16_MAX, &n1);
    for (char *code = b; ok && code; code = strtok_r(NULL, sep, &save)) {
      ok = cnt < MAX_ERRORS && parse_int(code, INT16_MIN, INT16_MAX, &n2);
      if (ok) errs[cnt++] = (rd_kafka_resp_err_t)n2;
    }
    if (!ok || !cnt) {
      fail("usage: errors <api-key> <error-code>... (at most 256 codes)");
    } else {
      /* One cluster-wide queue per API key: the next cnt requests, whichever broker gets them, fail in order. */
      rd_kafka_mock_push_request_errors_array(mc, (int16_t)n1, cnt, errs);
      answer(RD_KAFKA_RESP_ERR_NO_ERROR);
    }
  } else if (!strcmp(cmd, "leader")) {
    if (!a || !parse_int(b, 0, INT32_MAX, &n1) || !parse_int(strtok_r(NULL, sep, &save), -1, INT32_MAX, &n2))
      fail("usage: leader <topic> <partition> <broker>");
    else
      answer(rd_kafka_mock_partition_set_leader(mc, a, (int32_t)n1, (int32_t)n2));
  } else if (!strcmp(cmd, "coordinator")) {
    /* Group ids and transactional ids may contain spaces, so the key is the rest of the line. */
    char *key = save ? save + strspn(save, sep) : NULL;
    if (!a || (strcmp(a, "group") && strcmp(a, "transaction")) || !parse_int(b, 0, INT32_MAX, &n1) || !key || !*key)
      fail("usage: coordinator <group|transaction> <broker> <key>");
    else
      answer(rd_kafka_mock_coordinator_set(mc, a, key, (int32_t)n1));
  } else {
    fail("unknown command");
  }
}

int main(int argc, char **argv) {
  long brokers = 1;
  char errstr[512];
  char line[MAX_LINE];

  if (argc > 1 && !parse_int(argv[1], 1, 64, &brokers)) {
    fprintf(stderr, "usage: %s [brokers 1..64]\n", argv[0]);
    return 2;
  }

  /* The mock cluster lives inside a client handle; that client never connects anywhere itself. */
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  if (rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK) {
    fprintf(stderr, "%s\n", errstr);
    return 1;
  }
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
  if (!rk) {
    fprintf(stderr, "rd_kafka_new: %s\n", errstr);
    return 1;
  }
  rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, (int)brokers);
  if (!mc) {
    fprintf(stderr, "could not create the mock cluster\n");
    rd_kafka_destroy(rk);
    return 1;
  }
  printf("bootstrap %s\n", rd_kafka_mock_cluster_bootstraps(mc));
  fflush(stdout);

  /* EOF means the parent closed the pipe or died: either way nobody can talk to us any more, so exit. */
  while (fgets(line, sizeof(line), stdin)) {
    size_t len = strlen(line);
    if (len == sizeof(line) - 1 && line[len - 1] != '\n') {
      int c;
      while ((c = getchar()) != '\n' && c != EOF) {
      }
      fail("line too long");
      continue;
    }
    line[strcspn(line, "\r\n")] = '\0';
    if (!strcmp(line, "quit")) {
      answer(RD_KAFKA_RESP_ERR_NO_ERROR);
      break;
    }
    run(mc, line);
  }

  /* No rd_kafka_mock_cluster_destroy(): it often waits ~1 s for the mock's poll loop and buys
   * nothing here, since the kernel closes every listener and connection when the process ends. */
  fflush(stdout);
  _exit(0);
}
