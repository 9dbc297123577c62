import { Migration } from '@mikro-orm/migrations';

// The call scripts (回访话术) as first seeded, adapted from the scripts of seed 003: the opening and "is now convenient?"
// with its branch (ask for the time, record the reason, "那您先忙…再见"), "are you the user?" with its branch (ask who
// uses the product and record them), the questions with the agent's notes in brackets, and the closing.
const CLOSING = '{contactTitle}，非常感谢您对我们工作的支持，我们将会进一步改进；同时，您的问题我已经详细记录，我们将在工作日之内给您回复，祝您工作顺利，再见！';
const NOT_CONVENIENT = {
  say: '请问您什么时间方便呢？我什么时间打给您合适？',
  closing: '{contactTitle}，那您先忙，我们将会竭诚为您服务的，祝您生活愉快，再见！',
};
const NOT_THE_USER = {
  say: '请问这台{productModel}现在是哪位在使用？请问怎么称呼？方便留一下使用人的联系电话吗？（记录使用人的姓名、职务和电话，然后与使用人继续访问）',
};
const ADVICE = { ask: '您是否有更好的建议或者意见呢？', hint: '（如实记录客户原话，不要改写）', answer: 'opinions' };

const SCRIPTS = [
  {
    kind: 'first_30_days',
    title: '第一次回访（送货满30天）',
    steps: {
      opening: { say: '您好！我是售后客服部的{agentName}，感谢您选用我们的{productModel}。' },
      identity: { ask: '请问您是这台{productModel}的使用人{contactTitle}吗？', ifNo: NOT_THE_USER },
      convenience: {
        ask: '为了能更好地为您服务，加强彼此的沟通联系，现在想耽误您几分钟时间，对您{deliveredOn}收到的{productModel}做一个满意度回访，请问您现在方便吗？',
        ifNo: NOT_CONVENIENT,
      },
      questions: [
        { ask: '这台{productModel}现在放在哪里使用？主要是哪些人在用？每天大约使用几个小时？', hint: '（记录使用地点、使用人、城市和每天使用时长）', answer: 'usage' },
        { ask: '使用一个月以来，设备运行顺利吗？操作上还习惯吗？有没有不清楚、有疑问想进一步了解的地方？', hint: '（记录遇到的问题；当场不能解答的问题记为未解答问题，转相关部门处理）', answer: 'problems' },
        { ask: '您对产品本身是否满意？1到10分，您打几分呢？', answer: 'productRating' },
        { ask: '在送货、安装和培训过程中，您对我们服务人员的态度是否满意？', answer: 'staffAttitude' },
        { ask: '您提出的需求，我们响应得是否及时？', answer: 'responseSpeed' },
        { ask: '总体来说，您对我们的产品和服务满意吗？', hint: '（非常满意、满意、比较满意、一般、不满意……或直接打分）', answer: 'overall' },
        ADVICE,
        { ask: '近期还有没有添置设备的打算？', hint: '（有购买意向的，记录下来，转销售负责人，以免造成客户流失）', answer: 'repurchaseIntent' },
      ],
      closing: { say: CLOSING },
    },
  },
  {
    kind: 'second_3_months',
    title: '第二次回访（送货满三个月）',
    steps: {
      opening: { say: '您好！我是售后客服部的{agentName}，您{deliveredOn}收到的{productModel}已经使用三个月了，我们来做一次回访。' },
      identity: { ask: '请问您是这台{productModel}的使用人{contactTitle}吗？', ifNo: NOT_THE_USER },
      convenience: { ask: '现在想耽误您几分钟时间，了解一下设备的使用情况和您对我们服务的意见，请问您现在方便吗？', ifNo: NOT_CONVENIENT },
      questions: [
        { ask: '设备现在的使用情况怎么样？每天大约使用几个小时？', hint: '（记录使用地点、使用人、城市和每天使用时长）', answer: 'usage' },
        { ask: '这三个月里设备出现过故障或者让您不方便的地方吗？', hint: '（记录遇到的问题；当场不能解答的问题记为未解答问题）', answer: 'problems' },
        { ask: '您对产品的质量和性能是否满意？1到10分，您打几分呢？', answer: 'productRating' },
        { ask: '您联系我们时，我们的响应速度和处理结果是否让您满意？', answer: 'responseSpeed' },
        { ask: '您对我们的整体服务是否满意？', answer: 'overallService' },
        { ask: '总体来说，您对我们的产品和服务满意吗？', hint: '（非常满意、满意、比较满意、一般、不满意……或直接打分）', answer: 'overall' },
        ADVICE,
        { ask: '您或者您的同事近期还有添置设备或配件的需要吗？', hint: '（有购买意向的，记录下来，转销售负责人）', answer: 'repurchaseIntent' },
      ],
      closing: { say: CLOSING },
    },
  },
  {
    kind: 'warranty_expiry',
    title: '第三次回访（保修期满）',
    steps: {
      opening: { say: '您好！我是售后客服部的{agentName}，您的{productModel}保修期到{warrantyEndsOn}届满，我们来做一次回访。' },
      identity: { ask: '请问您是这台{productModel}的使用人{contactTitle}吗？', ifNo: NOT_THE_USER },
      convenience: { ask: '现在想耽误您几分钟时间，了解一下保修期内的使用和服务情况，请问您现在方便吗？', ifNo: NOT_CONVENIENT },
      questions: [
        { ask: '设备现在还在正常使用吗？每天大约使用几个小时？', hint: '（记录使用地点、使用人、城市和每天使用时长）', answer: 'usage' },
        { ask: '保修期内设备维修或保养过吗？有没有还没有解决的问题？', hint: '（记录遇到的问题；当场不能解答的问题记为未解答问题）', answer: 'problems' },
        { ask: '您对保修期内我们服务人员的服务态度是否满意？', answer: 'staffAttitude' },
        { ask: '您对我们处理问题的速度是否满意？', answer: 'responseSpeed' },
        { ask: '总体来说，您对我们的产品和服务满意吗？', hint: '（非常满意、满意、比较满意、一般、不满意……或直接打分）', answer: 'overall' },
        ADVICE,
        { ask: '保修期满以后，您是否考虑延保服务，或者添置新的设备？', hint: '（有意向的，记录下来，转销售负责人）', answer: 'repurchaseIntent' },
      ],
      closing: { say: CLOSING },
    },
  },
  {
    kind: 'revisit',
    title: '反馈处理后的独立回访',
    steps: {
      opening: { say: '您好！我是售后客服部的{agentName}，关于您{receivedOn}反馈的问题（反馈单号{caseNo}），相关部门已经处理完毕，我来了解一下处理结果。' },
      identity: { ask: '请问您是这台{productModel}的使用人{contactTitle}吗？', ifNo: NOT_THE_USER },
      convenience: { ask: '现在想耽误您几分钟时间，请问您现在方便吗？', ifNo: NOT_CONVENIENT },
      questions: [
        { ask: '您反馈的问题现在解决了吗？您对处理结果满意吗？', hint: '（不满意的，问题将重新处理）', answer: 'satisfied' },
        { ask: '对这次处理，满分100分，您打几分呢？', answer: 'score' },
        { ask: '对这次处理，您还有什么意见或者建议吗？', hint: '（如实记录客户原话，不要改写）', answer: 'customerWords' },
      ],
      closing: { say: CLOSING },
    },
  },
];

export class Migration20261205100000_call_scripts extends Migration {
  override up(): void {
    this.addSql(`
      create table "call_script" (
        "kind" varchar(32) primary key check ("kind" in ('first_30_days', 'second_3_months', 'warranty_expiry', 'revisit')),
        "title" varchar(100) not null,
        "steps" jsonb not null,
        "version" integer not null check ("version" >= 1),
        "updated_by" varchar(100) not null,
        "updated_at" timestamptz not null
      );`);
    for (const { kind, title, steps } of SCRIPTS) {
      this.addSql(
        `insert into "call_script" ("kind", "title", "steps", "version", "updated_by", "updated_at")
         values ('${kind}', '${title}', $script$${JSON.stringify(steps)}$script$::jsonb, 1, 'migration', now());`,
      );
    }
  }

  override down(): void {
    this.addSql(`drop table if exists "call_script";`);
  }
}
