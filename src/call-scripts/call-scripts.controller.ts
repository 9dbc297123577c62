import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/auth.service.js';
import { CurrentCaller } from '../auth/current-caller.js';
import { Roles } from '../auth/roles.decorator.js';
import { fieldsBadRequest } from '../common/validation.js';
import { scriptProblems } from './call-script-content.js';
import { CallScriptsService } from './call-scripts.service.js';
import { CallScriptBodyDto, CallScriptDto, CallScriptKindParam, CallScriptListDto } from './dto/call-script.dto.js';

const SCRIPT_READERS = ['agent', 'after_sales_manager', 'administrator'] as const;

@ApiTags('call scripts')
@Controller('call-scripts')
export class CallScriptsController {
  constructor(private readonly scripts: CallScriptsService) {}

  @Get()
  @Roles(...SCRIPT_READERS)
  @ApiOkResponse({ type: CallScriptListDto, description: 'every call script: the three callback kinds, then the re-visit' })
  async list(): Promise<CallScriptListDto> {
    return { items: await this.scripts.list() };
  }

  @Get(':kind')
  @Roles(...SCRIPT_READERS)
  @ApiOkResponse({ type: CallScriptDto, description: 'the script of this kind, with the placeholders it may use' })
  @ApiNotFoundResponse({ description: 'no script of this kind is stored' })
  get(@Param() { kind }: CallScriptKindParam): Promise<CallScriptDto> {
    return this.scripts.get(kind);
  }

  @Put(':kind')
  @Roles('administrator')
  @ApiOkResponse({ type: CallScriptDto, description: 'the stored script, its version one higher' })
  @ApiBadRequestResponse({
    description: 'invalid body; each wrong field is named: an empty or too long text, an unknown placeholder or one this kind cannot fill, a stray brace, an answer field of another form',
  })
  put(@Param() { kind }: CallScriptKindParam, @Body() body: CallScriptBodyDto, @CurrentCaller() caller: Caller): Promise<CallScriptDto> {
    const problems = scriptProblems(kind, body.steps);
    if (problems.length) throw fieldsBadRequest(problems);
    return this.scripts.put(kind, { title: body.title, steps: stepsOf(body) }, caller.id);
  }
}

/** The steps as plain data: only the fields the script has, none the editor left out. */
function stepsOf({ steps }: CallScriptBodyDto): CallScriptBodyDto['steps'] {
  return {
    opening: { say: steps.opening.say },
    identity: { ask: steps.identity.ask, ifNo: { say: steps.identity.ifNo.say } },
    convenience: { ask: steps.convenience.ask, ifNo: { say: steps.convenience.ifNo.say, closing: steps.convenience.ifNo.closing } },
    questions: steps.questions.map(({ ask, hint, answer }) => ({ ask, ...(hint === undefined ? {} : { hint }), ...(answer === undefined ? {} : { answer }) })),
    closing: { say: steps.closing.say },
  };
}
