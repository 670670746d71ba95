/*
 * A loss estimate in a check's evidence (SMS-PUMPING-EXPOSURE: the model
 * run on what the probes measured, and on no controls at all) drawn as the
 * same chart `sms-sim estimate --format html` shows: expected loss as
 * bars, p5-p95 as whiskers, the budget as a dashed line. Read from the
 * evidence JSON only, so the report knows nothing of the model.
 */
#include <stdio.h>

#include "auth-audit/report/html.h"

#define W 640
#define LEFT 130
#define PLOT (W - LEFT - 90)

struct est {
	double loss, p5, p95, mean;
};

static int
est_of(const json_t *o, struct est *e)
{
	const json_t *r = json_object_get(o, "range");

	if (!json_is_number(json_object_get(o, "loss_usd")) ||
	    !json_is_object(r))
		return 0;
	e->loss = json_number_value(json_object_get(o, "loss_usd"));
	e->p5 = json_number_value(json_object_get(r, "p5_usd"));
	e->p95 = json_number_value(json_object_get(r, "p95_usd"));
	e->mean = json_number_value(json_object_get(r, "mean_usd"));
	return e->loss >= 0 && e->p95 >= 0;
}

static double
x_of(double v, double max)
{
	return LEFT + v / max * PLOT;
}

static void
bar(FILE *fp, const struct est *e, const char *label, int y, double max,
    const char *fill)
{
	fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
	    "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"24\" fill=\"%s\">"
	    "<title>%s: expected $%.0f per month</title></rect>", LEFT - 8,
	    y + 17, label, LEFT, y, x_of(e->loss, max) - LEFT, fill, label,
	    e->loss);
	fprintf(fp, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" "
	    "stroke=\"#212121\" stroke-width=\"2\"><title>p5 $%.0f to p95 $%.0f"
	    "</title></line><text x=\"%.1f\" y=\"%d\">$%.0f</text>\n",
	    x_of(e->p5, max), x_of(e->p95, max), y + 12, y + 12, e->p5, e->p95,
	    x_of(e->p95 > e->loss ? e->p95 : e->loss, max) + 6, y + 17,
	    e->loss);
}

int
aa_html_loss_chart(FILE *fp, const json_t *ev)
{
	struct est after, before;
	double max, budget = json_number_value(json_object_get(ev,
	    "budget_usd"));

	if (!est_of(ev, &after) || !est_of(json_object_get(ev, "no_controls"),
	    &before))
		return 0;
	max = before.p95 > before.loss ? before.p95 : before.loss;
	if (after.p95 > max)
		max = after.p95;
	if (budget > max)
		max = budget;
	if (max <= 0)
		max = 1;
	fprintf(fp, "<svg class=\"chart\" role=\"img\" width=\"%d\" "
	    "height=\"112\" viewBox=\"0 0 %d 112\" "
	    "xmlns=\"http://www.w3.org/2000/svg\">"
	    "<title>SMS-pumping loss per month without and with the measured "
	    "controls</title>\n", W, W);
	bar(fp, &before, "no controls", 6, max, "#e53935");
	bar(fp, &after, "measured", 40, max, "#1a7f37");
	if (budget > 0)
		fprintf(fp, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"0\" y2=\"70\" "
		    "stroke=\"#1e88e5\" stroke-dasharray=\"4 3\"><title>budget "
		    "$%.0f</title></line>", x_of(budget, max),
		    x_of(budget, max), budget);
	fprintf(fp, "<line x1=\"%d\" x2=\"%d\" y1=\"76\" y2=\"76\" stroke=\""
	    "#9e9e9e\"/><text x=\"%d\" y=\"92\">$0</text><text x=\"%d\" y=\""
	    "92\" text-anchor=\"end\">$%.0f per month</text><text x=\"%d\" "
	    "y=\"108\" fill=\"#1e88e5\">bar: expected; whisker: p5-p95; "
	    "dashed: the profile's budget $%.0f</text></svg>\n", LEFT,
	    LEFT + PLOT, LEFT, LEFT + PLOT, max, LEFT, budget);
	return 1;
}
