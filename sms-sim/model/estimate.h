/*
 * The SMS-pumping loss model (docs/SMS-LOSS-MODEL.md). A policy describes
 * the service's send controls and the attacker's resources; the estimate
 * gives, per destination country, the fraudulent sends the tightest
 * binding control admits over the horizon, their cost, a Monte Carlo range
 * (fixed seed, so runs are reproducible) and the single control change
 * that would cut the loss most.
 */
#ifndef AA_SMS_ESTIMATE_H
#define AA_SMS_ESTIMATE_H

#include <stddef.h>

#include <jansson.h>

#include "auth-audit/core/err.h"
#include "sms-sim/sim/phone.h"

#define AA_SMS_POLICY_MAX_BYTES (1024 * 1024)
#define AA_SMS_POLICY_MAX_BLOCKS 256
#define AA_SMS_POLICY_MAX_COUNTRIES 256
#define AA_SMS_POLICY_MAX_RUNS 100000
#define AA_SMS_UNLIMITED 1e18

struct aa_sms_prices;

/* `limit` sends per `window_s` seconds; set = 0 means no such control. */
struct aa_sms_cap {
	int set;
	double limit;
	double window_s;
};

enum aa_sms_ctl {
	AA_SMS_CTL_PER_NUMBER,
	AA_SMS_CTL_PER_PREFIX,
	AA_SMS_CTL_PER_COUNTRY,
	AA_SMS_CTL_PER_IP,
	AA_SMS_CTL_PER_SESSION,
	AA_SMS_CTL_PER_ACCOUNT,
	AA_SMS_CTL_GLOBAL,
	AA_SMS_CTL_COUNT
};

/* Attacker-held number ranges in one country, of one line type. */
struct aa_sms_block {
	char iso[3];
	enum aa_phone_type type; /* default mobile: what pumping rents */
	double numbers;   /* distinct numbers it receives on */
	double prefixes;  /* distinct prefixes (per-prefix caps, detectors) */
};

struct aa_sms_policy {
	char name[128];
	double horizon_days;          /* default 30 */
	double segments;              /* per text; default 1 */
	struct aa_sms_cap cap[AA_SMS_CTL_COUNT];
	int captcha;                  /* a CAPTCHA guards each send */
	double captcha_cost_usd;      /* attacker's cost per solve; 0.002 */
	int has_allowlist;
	char allow[AA_SMS_POLICY_MAX_COUNTRIES][3];
	size_t nallow;
	char served[AA_SMS_POLICY_MAX_COUNTRIES][3];
	size_t nserved;
	int has_line_types;           /* texts only to these number types */
	unsigned line_types;          /* bit 1 << enum aa_phone_type */
	int detector;                 /* provider prefix-blocking detector */
	double detector_lets_through; /* sends per prefix before a block */
	double detector_block_hours;
	/* attacker */
	double rate_per_s;            /* sustained send requests; default 10 */
	double proxies;               /* distinct IPs; default 1000 */
	double sessions;              /* fresh sessions; default unlimited */
	double accounts;              /* accounts held; default 100 */
	double revenue_share;         /* of the price; default 0.3 */
	double cost_per_request_usd;  /* proxies, bandwidth; default 0 */
	struct aa_sms_block blocks[AA_SMS_POLICY_MAX_BLOCKS];
	size_t nblocks;
	/* price overrides, USD per segment */
	char price_iso[AA_SMS_POLICY_MAX_COUNTRIES][3];
	double price_usd[AA_SMS_POLICY_MAX_COUNTRIES];
	size_t nprices;
	/* uncertainty */
	unsigned runs;                /* Monte Carlo runs; default 2000 */
	unsigned long long seed;      /* default 1 */
	double spread;                /* resources and prices vary x/(1+s) */
};

/* Defaults of every field (no controls, attacker as documented). */
void aa_sms_policy_init(struct aa_sms_policy *p);
int aa_sms_policy_load(const char *path, struct aa_sms_policy *p,
    struct aa_diag *diag);
const char *aa_sms_ctl_name(enum aa_sms_ctl c);

struct aa_sms_country_est {
	char iso[3];
	enum aa_phone_type type;
	double price;        /* USD per segment */
	double sends;        /* admitted fraudulent sends over the horizon */
	double loss;         /* USD */
	char binding[32];    /* control (or attacker limit) that binds */
};

struct aa_sms_estimate {
	double horizon_days;
	double sends, loss;            /* closed form */
	double mc_mean, mc_p5, mc_p50, mc_p95;
	unsigned runs;
	char binding[32];              /* binding control of the largest loss */
	char best_control[32];         /* change that cuts loss most */
	char best_setting[96];
	double best_loss;              /* loss after that change */
	struct aa_sms_country_est c[AA_SMS_POLICY_MAX_BLOCKS];
	size_t nc;
};

/* Run the model. prices may be NULL (built-in tiers). */
int aa_sms_estimate(const struct aa_sms_policy *p,
    const struct aa_sms_prices *prices, struct aa_sms_estimate *out);
/* The estimate as JSON (new reference) / as text lines. */
json_t *aa_sms_estimate_json(const struct aa_sms_estimate *e);
int aa_sms_estimate_text(const struct aa_sms_estimate *e, char *buf,
    size_t len);

#ifdef AA_TEST_INTERNAL
/*
 * Test-only exports, like OpenSSH's SSHBUF_INTERNAL: visible to the test
 * build (the Makefile defines AA_TEST_INTERNAL for tests/unit, tests/bench
 * and tests/fuzz) and to the file that implements them, never to product
 * code.
 */
/* Parse a policy JSON document (bounded); diag names the JSON pointer. */
int aa_sms_policy_parse(const char *text, size_t len,
    struct aa_sms_policy *p, struct aa_diag *diag);
#endif

#endif
